"""Build the wire document from a hall's catalog directory (``config/catalog/``).

The directory is written by people, so it allows what the wire format does not need: hall-wide
``[defaults]`` (place, hours, phones), a standard materials library and a standard fields library that
items refer to by name (``{ ref = "resident_id" }``, ``"applicant_phone"``). Building expands all of it
and counts items and bundles, so the document the platform serves is complete on its own.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.catalog.catalog import CatalogError
from kiosk.catalog.model import FORMAT

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "config" / "catalog"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"catalog file {path} cannot be read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"catalog file {path} is not valid TOML: {exc}") from exc


def _expand(entry: Any, library: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    """A library reference (a string, or a table with ``ref``) merged with its overrides."""
    if isinstance(entry, str):
        entry = {"ref": entry}
    if not isinstance(entry, Mapping):
        raise CatalogError(f"{where}: expected a table or a library name, got {entry!r}")
    entry = dict(entry)
    ref = entry.pop("ref", None)
    if ref is None:
        return entry
    if ref not in library:
        raise CatalogError(f"{where}: unknown library entry {ref!r}")
    merged = copy.deepcopy(dict(library[ref]))
    merged.setdefault(key, ref)
    return _override(merged, entry)


def _override(base: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated with ``entry``; a text ``entry`` replaces also drops ``base``'s English of it, so an
    overridden ``name`` never keeps the library's ``name_en`` (it then counts as lacking English)."""
    merged = {**base, **entry}
    for name in entry:
        if f"{name}_en" in base and f"{name}_en" not in entry and entry[name] != base.get(name):
            del merged[f"{name}_en"]
    return merged


def _apply_defaults(item: dict[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in defaults.items():
        if key not in item:
            item[key] = copy.deepcopy(value)
        elif isinstance(value, Mapping) and isinstance(item[key], Mapping):
            item[key] = _override(value, item[key])
    return item


def build_document(directory: Path = SAMPLE_DIR) -> dict[str, Any]:
    """The catalog of ``directory`` as one JSON-able wire document (not yet validated)."""
    head = _read_toml(directory / "catalog.toml")
    materials = _read_toml(directory / "materials.toml").get("materials", {})
    fields = _read_toml(directory / "fields.toml").get("fields", {})
    defaults = head.pop("defaults", {})
    items: list[dict[str, Any]] = []
    for path in sorted((directory / "items").glob("*.toml")):
        for raw in _read_toml(path).get("items", []):
            item = _apply_defaults(dict(raw), defaults)
            where = f"{path.name}: item {item.get('code', '?')}"
            item["materials"] = [_expand(m, materials, "id", where) for m in item.get("materials", [])]
            item["form"] = [_expand(f, fields, "name", where) for f in item.get("form", [])]
            items.append(item)
    bundles_file = directory / "bundles.toml"
    bundles = _read_toml(bundles_file).get("bundles", []) if bundles_file.exists() else []
    document = {
        "format": FORMAT,
        **head,
        "items": items,
        "bundles": bundles,
        "counts": {"items": len(items), "bundles": len(bundles)},
    }
    return document

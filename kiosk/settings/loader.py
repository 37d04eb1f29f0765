"""Read, override and validate kiosk.toml; turn pydantic's errors into one line per problem."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kiosk.errors import ConfigError
from kiosk.settings.model import KioskSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "kiosk.toml"
ENV_PREFIX = "KIOSK__"


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in a config file: which key, what is wrong, what is allowed."""

    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.key}: {self.problem}"


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The config file to use: ``explicit`` (``--config``), else ``KIOSK_CONFIG``, else the default."""
    chosen = explicit or os.environ.get("KIOSK_CONFIG") or DEFAULT_CONFIG
    return Path(chosen).expanduser().resolve()


def _env_overrides(data: dict[str, Any], environ: Mapping[str, str]) -> list[str]:
    """Apply ``KIOSK__A__B=value`` to ``data['a']['b']``; returns the keys overridden (never values)."""
    applied = []
    for name, value in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        parts = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        if not parts:
            continue
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{name}: {'.'.join(parts[:-1])} is not a table")
        node[parts[-1]] = value
        applied.append(".".join(parts))
    return applied


def _message(err: Mapping[str, Any]) -> ConfigProblem:
    loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "(file)"
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", "invalid"))
    if kind == "extra_forbidden":
        return ConfigProblem(loc, "unknown key (check the spelling; `kiosk config docs` lists every key)")
    if kind == "literal_error":
        return ConfigProblem(loc, f"value {err.get('input')!r} is not allowed; allowed: {ctx.get('expected')}")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return ConfigProblem(loc, f"wrong type: {msg.lower()} (got {err.get('input')!r})")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return ConfigProblem(loc, f"out of range: {msg.lower()} (got {err.get('input')!r})")
    if kind == "value_error":
        return ConfigProblem(loc, msg.removeprefix("Value error, "))
    return ConfigProblem(loc, f"{msg} (got {err.get('input')!r})")


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> KioskSettings:
    """Load and validate the config; raise :class:`ConfigError` listing every problem found."""
    file = config_path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"config file {file} cannot be read: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from exc
    _env_overrides(data, os.environ if environ is None else environ)
    try:
        settings = KioskSettings.model_validate(data, context={"base_dir": file.parent})
    except ValidationError as exc:
        problems = [_message(e) for e in exc.errors()]
        raise ConfigError(f"{file}: {len(problems)} problem(s)", problems=problems) from None
    if not settings.kiosk.data_dir.is_absolute():
        settings.kiosk.data_dir = (file.parent / settings.kiosk.data_dir).resolve()
    return settings


def _walk(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, str, str]]:
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _walk(annotation, key + ".")
            continue
        default = field.get_default(call_default_factory=True)
        yield key, repr(default if not isinstance(default, Path) else str(default)), field.description or ""


def describe_keys() -> list[tuple[str, str, str]]:
    """Every config key as ``(dotted key, default, meaning)``, in declaration order."""
    return list(_walk(KioskSettings, ""))

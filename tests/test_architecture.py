"""DESIGN.md §2 dependency rules, checked on the source: devices → nothing of ours; kiosk → no Kivy
(except the composition root, lazily); screens → no hardware, network or storage libraries."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSITION_ROOT = {"kiosk/cli/run_cmd.py", "kiosk/cli/walkthrough_cmd.py"}
SCREENS_FORBIDDEN = {"cv2", "smartcard", "serial", "escpos", "requests", "sqlite3", "devices"}
SCREENS_ALLOWED_DEVICES = {"devices.base", "devices.identity", "devices.errors"}
"""Plain data and event types the UI may name; backends stay out of reach."""


def imports(path: Path) -> Iterator[tuple[str, bool]]:
    """Each imported module name and whether the import is at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top_level
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, id(node) in top_level


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def root_of(module: str) -> str:
    return module.split(".")[0]


def test_there_is_source_to_check() -> None:
    for package in ("devices", "kiosk", "screens"):
        assert len(sources(package)) >= 3, package


def test_devices_import_nothing_of_ours_nor_kivy() -> None:
    bad = [(str(p.relative_to(ROOT)), m) for p in sources("devices") for m, _ in imports(p)
           if root_of(m) in {"kiosk", "screens", "kivy"}]
    assert not bad


def test_kiosk_imports_kivy_and_screens_only_lazily_in_the_composition_root() -> None:
    bad = []
    for path in sources("kiosk"):
        rel = str(path.relative_to(ROOT))
        for module, top in imports(path):
            if root_of(module) in {"kivy", "screens"} and (rel not in COMPOSITION_ROOT or top):
                bad.append((rel, module))
    assert not bad


def test_screens_reach_no_hardware_network_or_storage() -> None:
    bad = []
    for path in sources("screens"):
        for module, _ in imports(path):
            if root_of(module) in SCREENS_FORBIDDEN and module not in SCREENS_ALLOWED_DEVICES:
                bad.append((str(path.relative_to(ROOT)), module))
    assert not bad


def test_every_screen_module_has_its_kv_beside_it() -> None:
    for path in sources("screens"):
        text = path.read_text(encoding="utf-8")
        if "(KioskScreen)" in text:
            assert path.with_suffix(".kv").is_file(), f"{path.name} has no .kv beside it"


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom kivy.app import App\n\ndef f():\n    import cv2\n")
    assert list(imports(bad)) == [("os", True), ("kivy.app", True), ("cv2", False)]

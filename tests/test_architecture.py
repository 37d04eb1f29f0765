"""DESIGN.md §2 dependency rules, checked on the source: devices → nothing of ours; kiosk → no Kivy
(except the composition root, lazily); screens → no hardware, network or storage libraries."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSITION_ROOT = {"screens/cli.py", "screens/commands/run_cmd.py", "screens/commands/walkthrough_cmd.py"}
"""The ``kiosk`` command and the commands that start the UI: Kivy only inside functions there, because
``prepare_kivy`` must run before Kivy is imported and the technician's commands must not load it."""
SCREENS_FORBIDDEN = {"cv2", "smartcard", "serial", "escpos", "requests", "sqlite3", "devices"}
"""The UI reaches devices, network and storage only through ``kiosk`` (device event types included)."""


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
    bad = [
        (str(p.relative_to(ROOT)), m)
        for p in sources("devices")
        for m, _ in imports(p)
        if root_of(m) in {"kiosk", "screens", "kivy"}
    ]
    assert not bad


def test_kiosk_never_imports_kivy_or_screens() -> None:
    bad = [
        (str(p.relative_to(ROOT)), m)
        for p in sources("kiosk")
        for m, _ in imports(p)
        if root_of(m) in {"kivy", "screens"}
    ]
    assert not bad


def test_the_composition_root_loads_kivy_only_when_a_ui_command_runs() -> None:
    bad = [
        (rel, m)
        for rel in sorted(COMPOSITION_ROOT)
        for m, top in imports(ROOT / rel)
        if top and root_of(m) in {"kivy", "screens"}
    ]
    assert not bad


def test_screens_reach_no_hardware_network_or_storage() -> None:
    bad = []
    for path in sources("screens"):
        for module, _ in imports(path):
            if root_of(module) in SCREENS_FORBIDDEN:
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


def test_python_m_kiosk_points_to_the_kiosk_command_for_the_ui(capsys) -> None:  # noqa: ANN001
    from kiosk.cli import main

    assert main(["run"]) == 2
    assert "python -m screens run" in capsys.readouterr().err

"""No module grown past what one sitting can read (ruff and mypy run before the suite in scripts/setup.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
"""No module in kiosk/, devices/ or screens/ over this many lines (the aim is ~300)."""


@pytest.mark.parametrize("package", ["kiosk", "devices", "screens"])
def test_no_module_is_too_long_to_read(package: str) -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"

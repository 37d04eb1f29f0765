"""The shipped systemd unit passes ``systemd-analyze verify`` (in a scratch root holding the executable)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.admin_services import RESTART_EXIT_CODE

UNIT = Path(__file__).resolve().parents[2] / "deploy" / "kiosk.service"
SYSTEM_UNITS = Path("/usr/lib/systemd/system")

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None or not SYSTEM_UNITS.is_dir(),
    reason="systemd-analyze is not installed (apt-get install systemd)",
)


def _verify(root: Path, unit_text: str, with_executable: bool = True) -> subprocess.CompletedProcess[str]:
    """Lay out a minimal root (system units, /opt/kiosk/.venv/bin/kiosk, the unit) and verify the unit."""
    if not (root / "usr/lib/systemd/system").exists():
        (root / "usr/lib/systemd").mkdir(parents=True)
        shutil.copytree(SYSTEM_UNITS, root / "usr/lib/systemd/system", symlinks=True)
    exe = root / "opt/kiosk/.venv/bin/kiosk"
    exe.parent.mkdir(parents=True, exist_ok=True)
    if with_executable:
        exe.write_text("#!/bin/sh\n")
        exe.chmod(0o755)
    elif exe.exists():
        exe.unlink()
    unit = root / "etc/systemd/system/kiosk.service"
    unit.parent.mkdir(parents=True, exist_ok=True)
    unit.write_text(unit_text, encoding="utf-8")
    return subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", "/etc/systemd/system/kiosk.service"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unit_verifies_without_warnings(tmp_path: Path) -> None:
    result = _verify(tmp_path, UNIT.read_text(encoding="utf-8"))
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_verify_would_catch_a_broken_unit(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8")
    assert _verify(tmp_path, text, with_executable=False).returncode != 0
    assert "Unknown key" in _verify(tmp_path, text.replace("[Service]", "[Service]\nWatchdogSecs=3")).stderr


def test_unit_restarts_on_crash_watchdog_and_restart_request_not_on_exit() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    service = parser["Service"]
    assert service["Type"] == "notify" and int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "on-failure", "exit to desktop (status 0) must not come back at once"
    assert RESTART_EXIT_CODE != 0
    assert service["User"] == "kiosk" and parser["Install"]["WantedBy"] == "graphical.target"


def test_production_config_example_is_valid() -> None:
    import tomllib

    from kiosk.settings.health import HealthSection
    from kiosk.settings.model import KioskSettings

    data = tomllib.loads((UNIT.parent / "kiosk.toml.example").read_text(encoding="utf-8"))
    HealthSection.model_validate(data.pop("health"))  # [health] is validated alone until the model has it
    settings = KioskSettings.model_validate(data)
    assert settings.ui.fullscreen and not settings.platform.embedded and settings.logging.to_file
    assert str(settings.kiosk.data_dir) == "/var/lib/kiosk"
    assert "pin" not in data.get("admin", {}) and "secret" not in data["platform"]

"""``kiosk doctor``'s machine checks: each missing piece is a FAIL line naming the Debian package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import fonts
from kiosk.settings import load_settings
from kiosk.sync.doctor import FAIL, OK
from kiosk.system_checks import check_display, check_font, check_pcscd, check_speech, run_system_checks


def test_this_machine_passes_every_check() -> None:
    settings = load_settings(environ={})
    settings.devices.speech.backend = "espeak"
    checks = {c.name: c for c in run_system_checks(settings, environ={})}
    assert checks["cjk_font"].status == OK and Path(checks["cjk_font"].detail.split(" (")[0]).is_file()
    assert checks["display"].status == OK and "Xvfb" in checks["display"].detail
    assert checks["speech"].status == OK and checks["speech"].detail.endswith("espeak-ng")


def test_missing_font_names_the_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    check = check_font(load_settings(environ={}))
    assert check.status == FAIL and "fonts-wqy-microhei" in check.detail and "fontconfig" in check.detail


def test_missing_tools_name_their_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # none of the machine's programs
    settings = load_settings(environ={})
    settings.devices.speech.backend = "espeak"
    settings.devices.idcard.backend = "pcsc"
    assert check_display({}).detail.startswith("no display and no Xvfb: install xvfb")
    assert check_speech(settings).status == FAIL and "install espeak-ng" in check_speech(settings).detail
    assert check_pcscd(settings).status == FAIL and "install pcscd" in check_pcscd(settings).detail


def test_pcscd_not_running_is_a_failure_with_the_command(tmp_path: Path) -> None:
    settings = load_settings(environ={})
    settings.devices.idcard.backend = "pcsc"
    check = check_pcscd(settings, socket=tmp_path / "pcscd.comm")
    assert check.status == FAIL and "systemctl start pcscd.socket" in check.detail
    assert check_pcscd(load_settings(environ={})).status == OK  # the simulated reader needs no daemon


def test_doctor_prints_the_machine_checks_without_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "KIOSK__KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK__UI__FONT_PATH": "/no.ttf"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1
    font_line = next(line for line in result.stdout.splitlines() if "cjk_font" in line)
    assert "FAIL" in font_line and "/no.ttf does not exist" in font_line

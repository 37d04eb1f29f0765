"""Checks of what the kiosk needs from its own machine, for ``kiosk doctor``: a Chinese font, a display,
the speech engine and the PC/SC daemon, each naming the Debian package that provides what is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.fonts import font_report
from kiosk.settings import KioskSettings
from kiosk.sync.doctor import FAIL, OK, Check

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


def check_font(settings: KioskSettings) -> Check:
    """A font that draws Simplified Chinese is installed (or configured)."""
    found, detail = font_report(settings.ui.font_path)
    return Check("cjk_font", OK if found else FAIL, detail)


def check_display(environ: dict[str, str] | None = None) -> Check:
    """A display to draw on: the session's, or Xvfb to start one (``kiosk run`` does, through xvfb-run)."""
    env = os.environ if environ is None else environ
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return Check("display", OK, f"DISPLAY={env.get('DISPLAY') or env.get('WAYLAND_DISPLAY')}")
    if shutil.which("Xvfb"):
        return Check("display", OK, "no display in this shell; Xvfb is installed (scripts/setup.sh run uses it)")
    return Check("display", FAIL, "no display and no Xvfb: install xvfb, or start the kiosk in the desktop session")


def check_speech(settings: KioskSettings) -> Check:
    """The speech engine the config names is installed."""
    backend = settings.devices.speech.backend
    if backend != "espeak":
        return Check("speech", OK, f"{backend} backend (no engine needed)")
    path = shutil.which("espeak-ng")
    if path is None:
        return Check("speech", FAIL, "espeak-ng is not installed: install espeak-ng")
    return Check("speech", OK, path)


def check_pcscd(settings: KioskSettings, socket: Path = PCSCD_SOCKET) -> Check:
    """The PC/SC daemon runs when the card reader is a PC/SC one."""
    backend = settings.devices.idcard.backend
    if backend != "pcsc":
        return Check("pcscd", OK, f"not needed ({backend} reader)")
    if shutil.which("pcscd") is None:
        return Check("pcscd", FAIL, "pcscd is not installed: install pcscd")
    if not socket.exists():
        return Check("pcscd", FAIL, f"pcscd is not running ({socket} missing): systemctl start pcscd.socket")
    return Check("pcscd", OK, f"running ({socket})")


def run_system_checks(settings: KioskSettings, environ: dict[str, str] | None = None) -> list[Check]:
    """Every machine check, in the order a technician reads them."""
    return [check_font(settings), check_display(environ), check_speech(settings), check_pcscd(settings)]

"""OS lock-down the app can do itself while it runs (the rest is in docs/lockdown.md).

- :func:`disable_screen_blanking`: no screen saver, no blanking, no DPMS power-off (``xset``).
- :func:`disable_server_keys`: no Ctrl+Alt+F1…F12 (VT switch) or Ctrl+Alt+Backspace (kill X) out of the kiosk
  (``setxkbmap -option srvrkeys:none``).
- :func:`restore_desktop`: undo both when a technician exits to the desktop.

Each step is best effort: a missing tool or display is logged and reported, never fatal.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

BLANKING_OFF = ["xset", "s", "off", "s", "noblank", "-dpms"]
BLANKING_ON = ["xset", "s", "on", "s", "blank", "+dpms"]
SERVER_KEYS_OFF = ["setxkbmap", "-option", "srvrkeys:none"]
SERVER_KEYS_ON = ["setxkbmap", "-option", ""]


@dataclass(frozen=True, slots=True)
class LockdownStep:
    """What one step did: ``ok``, and why not when it did not."""

    name: str
    ok: bool
    detail: str = ""


def _run(name: str, argv: list[str], env: dict[str, str] | None = None) -> LockdownStep:
    environ = dict(os.environ if env is None else env)
    if not environ.get("DISPLAY"):
        return LockdownStep(name, False, "no DISPLAY")
    tool = shutil.which(argv[0], path=environ.get("PATH", os.defpath))
    if tool is None:
        return LockdownStep(name, False, f"{argv[0]} not installed (apt-get install x11-xserver-utils x11-xkb-utils)")
    try:
        result = subprocess.run([tool, *argv[1:]], env=environ, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return LockdownStep(name, False, str(exc))
    if result.returncode != 0:
        return LockdownStep(name, False, (result.stderr or result.stdout).strip()[:200] or f"exit {result.returncode}")
    return LockdownStep(name, True)


def _logged(step: LockdownStep) -> LockdownStep:
    if step.ok:
        log.info("lock-down: %s", step.name, extra={"event": "lockdown", "step": step.name})
    else:
        log.warning(
            "lock-down: %s not done: %s", step.name, step.detail, extra={"event": "lockdown", "step": step.name}
        )
    return step


def disable_screen_blanking(env: dict[str, str] | None = None) -> LockdownStep:
    """Turn off the X screen saver, blanking and DPMS for the running display."""
    return _logged(_run("screen blanking off", BLANKING_OFF, env))


def disable_server_keys(env: dict[str, str] | None = None) -> LockdownStep:
    """Ignore the X server's own keys (VT switching, Ctrl+Alt+Backspace)."""
    return _logged(_run("server keys off", SERVER_KEYS_OFF, env))


def apply_lockdown(env: dict[str, str] | None = None) -> list[LockdownStep]:
    """Every lock-down step the app can take (call from ``kiosk run`` when ``ui.fullscreen`` is on)."""
    return [disable_screen_blanking(env), disable_server_keys(env)]


def restore_desktop(env: dict[str, str] | None = None) -> list[LockdownStep]:
    """Undo :func:`apply_lockdown` (exit to desktop)."""
    return [_logged(_run("screen blanking on", BLANKING_ON, env)), _logged(_run("server keys on", SERVER_KEYS_ON, env))]

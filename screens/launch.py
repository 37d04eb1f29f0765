"""Prepare Kivy before its window exists: environment, window size, no exit on Esc, no mouse rings.

Must run before anything imports ``kivy.core.window``; ``kiosk run`` and the UI test harness call
:func:`prepare_kivy` first and only then import :mod:`screens.app`.
"""

from __future__ import annotations

import os
import tempfile


def prepare_kivy(width: int, height: int, *, fullscreen: bool = False, kivy_home: str | None = None) -> None:
    """Set Kivy's environment and graphics config for a ``width``×``height`` kiosk window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # SDL would turn SIGTERM into a window-close request, which the lock-down refuses: let Python
    # handle it instead (kiosk run stops the app cleanly on SIGTERM, as systemd expects).
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    os.environ.setdefault("KIVY_CLIPBOARD", "dummy")  # no clipboard: a citizen's text must not outlive the session
    if kivy_home or "KIVY_HOME" not in os.environ:
        os.environ["KIVY_HOME"] = kivy_home or tempfile.mkdtemp(prefix="kivy-home-")
    from kivy.config import Config

    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    # No multisample anti-aliasing: Kivy's text is already smooth (rendered to textures), and MSAA made
    # every frame 3x dearer without a GPU (97 → 32 ms a frame at 1080×1920 under Xvfb/llvmpipe).
    Config.set("graphics", "multisamples", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")

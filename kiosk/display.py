"""A virtual X display for walk-throughs, UI tests and benchmarks on machines without a screen."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess


class DisplayUnavailable(RuntimeError):
    """No ``DISPLAY`` and Xvfb is not installed (install the ``xvfb`` package)."""


def ensure_display(width: int = 1080, height: int = 1920) -> subprocess.Popen | None:
    """Start Xvfb when ``DISPLAY`` is unset and point ``DISPLAY`` at it; returns the process (or None).

    The server is stopped when this process exits.
    """
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise DisplayUnavailable("no DISPLAY and Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            "+extension",
            "GLX",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        raise DisplayUnavailable("Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    atexit.register(proc.terminate)
    return proc

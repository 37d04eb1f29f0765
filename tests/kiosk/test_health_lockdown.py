"""Lock-down steps against a real X server (Xvfb): blanking and DPMS off, then back on; server keys off."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from kiosk.lockdown import apply_lockdown, disable_screen_blanking, restore_desktop


@pytest.fixture(scope="module")
def display() -> Iterator[dict[str, str]]:
    """A private Xvfb display (environment with DISPLAY set)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "320x240x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    yield {**os.environ, "DISPLAY": f":{number}"}
    proc.terminate()
    proc.wait(10)


def _query(env: dict[str, str]) -> str:
    return subprocess.run(["xset", "q"], env=env, capture_output=True, text=True, timeout=10, check=True).stdout


def test_blanking_and_dpms_off_then_restored(display) -> None:  # noqa: ANN001
    if shutil.which("xset") is None:
        pytest.skip("xset is not installed (apt-get install x11-xserver-utils)")
    steps = apply_lockdown(display)
    assert all(s.ok for s in steps), steps
    state = _query(display)
    assert "prefer blanking:  no" in state and "timeout:  0 " in state
    assert "DPMS is Disabled" in state or "does not have the DPMS Extension" in state
    assert all(s.ok for s in restore_desktop(display))
    state = _query(display)
    assert "prefer blanking:  yes" in state and "timeout:  0 " not in state


def test_without_display_the_step_says_why() -> None:
    step = disable_screen_blanking({"PATH": os.environ.get("PATH", "")})
    assert not step.ok and step.detail == "no DISPLAY"


def test_missing_tool_is_reported_not_raised(display) -> None:  # noqa: ANN001
    step = disable_screen_blanking({**display, "PATH": "/nonexistent"})
    assert not step.ok and "not installed" in step.detail

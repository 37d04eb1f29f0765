"""Debian's real Mosquitto on a free loopback port, with the ACL shipped in deploy/, per test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[int]:
    """A Mosquitto broker on 127.0.0.1 with deploy/mosquitto/kiosk-fleet.acl; yields its port."""
    yield from _mosquitto(tmp_path, f"acl_file {ROOT / 'deploy' / 'mosquitto' / 'kiosk-fleet.acl'}\n")


@pytest.fixture
def open_broker(tmp_path: Path) -> Iterator[int]:
    """A Mosquitto broker without ACL (as a ThingsBoard-like broker would let the device API through)."""
    yield from _mosquitto(tmp_path, "")


def _mosquitto(tmp_path: Path, extra: str) -> Iterator[int]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(binary).exists():
        pytest.skip("mosquitto is not installed (scripts/setup.sh installs it)")
    port = _free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n{extra}persistence false\n")
    proc = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if proc.poll() is not None:
            pytest.fail(f"mosquitto did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
        time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(10)

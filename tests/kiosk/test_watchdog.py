"""sd_notify over a real Unix datagram socket, as systemd would listen."""

from __future__ import annotations

import socket
from pathlib import Path

from kiosk.watchdog import SystemdNotifier


def test_ready_pet_and_status_reach_the_socket(tmp_path: Path) -> None:
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        notifier = SystemdNotifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"})
        assert notifier.enabled and notifier.interval_s == 15.0
        assert notifier.ready() and notifier.pet() and notifier.status("home")
        got = [server.recv(100) for _ in range(3)]
    assert got == [b"READY=1", b"WATCHDOG=1", b"STATUS=home"]


def test_without_systemd_everything_is_a_quiet_no_op(tmp_path: Path) -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and notifier.interval_s == 0
    assert notifier.pet() is False
    gone = SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "missing.sock")})
    assert gone.pet() is False

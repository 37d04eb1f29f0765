"""systemd notification (``sd_notify``): READY at start-up, WATCHDOG pets from the UI main loop.

The protocol is one datagram to the socket named in ``NOTIFY_SOCKET``; without systemd (a developer's
machine, the tests) every call is a no-op. Petting from the Kivy main loop means a frozen UI stops the
pets and systemd restarts the kiosk after ``WatchdogSec``.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends ``READY=1``, ``WATCHDOG=1`` and ``STATUS=…`` to systemd when it is listening."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]  # abstract namespace socket
        self.address = address
        usec = env.get("WATCHDOG_USEC", "")
        self.interval_s = int(usec) / 2_000_000 if usec.isdigit() and int(usec) > 0 else 0.0
        """Half the watchdog timeout: how often to pet (0 when systemd set no watchdog)."""

    @property
    def enabled(self) -> bool:
        """True when systemd gave us a notification socket."""
        return bool(self.address)

    def notify(self, message: str) -> bool:
        """Send one notification; False (logged once at debug) when it could not be sent."""
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.connect(self.address)
                sock.sendall(message.encode())
            return True
        except OSError as exc:
            log.debug("sd_notify failed: %s", exc)
            return False

    def ready(self) -> bool:
        """Tell systemd start-up is complete."""
        return self.notify("READY=1")

    def pet(self) -> bool:
        """Keep the watchdog from firing."""
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """Set the one-line status ``systemctl status`` shows."""
        return self.notify(f"STATUS={text}")

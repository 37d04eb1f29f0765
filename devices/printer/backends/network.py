"""A printer on the network (raw TCP, port 9100)."""

from __future__ import annotations

import socket
from typing import Any

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Network

from devices.printer.driver import EscposPrinter


class _TcpConnection(Network):
    """escpos' Network, except that a failed connect closes its socket (escpos 3.1 leaks it)."""

    def open(self, raise_not_found: bool = True) -> None:
        """Connect to ``host:port``; DeviceNotFoundError when nothing answers."""
        if self._device:
            self.close()
        try:
            self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
            # Status queries are 3-byte writes answered by 1 byte: Nagle would hold each for an ACK.
            self.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            self.device = None  # type: ignore[assignment]  # python-escpos keeps None for "not open"
            raise DeviceNotFoundError(f"Could not open socket for {self.host}:{self.port}: {exc}") from exc


class NetworkPrinter(EscposPrinter):
    """ESC/POS over TCP; status replies come back on the same socket."""

    backend_label = "network printer"

    def __init__(self, name: str | None = None, *, host: str = "127.0.0.1", port: int = 9100, **options: Any) -> None:
        super().__init__(name, **options)
        self.host = host
        self.port = int(port)

    @property
    def target(self) -> str:
        """``host:port``."""
        return f"{self.host}:{self.port}"

    def _connect(self) -> Network:
        return _TcpConnection(self.host, self.port, timeout=self.timeout_s)

    def _read_reply(self, conn: Network) -> bytes:
        return conn.device.recv(1)

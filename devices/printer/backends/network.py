"""A printer on the network (raw TCP, port 9100)."""

from __future__ import annotations

from typing import Any

from escpos.printer import Network

from devices.printer.driver import EscposPrinter


class NetworkPrinter(EscposPrinter):
    """ESC/POS over TCP; status replies come back on the same socket."""

    backend_label = "network printer"

    def __init__(self, name: str | None = None, *, host: str = "127.0.0.1", port: int = 9100,
                 **options: Any) -> None:
        super().__init__(name, **options)
        self.host = host
        self.port = int(port)

    @property
    def target(self) -> str:
        """``host:port``."""
        return f"{self.host}:{self.port}"

    def _connect(self) -> Network:
        return Network(self.host, self.port, timeout=self.timeout_s)

    def _read_reply(self, conn: Network) -> bytes:  # type: ignore[override]
        return conn.device.recv(1)

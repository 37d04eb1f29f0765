"""A printer on a serial port or USB-serial adapter."""

from __future__ import annotations

from typing import Any

from escpos.printer import Serial

from devices.printer.driver import EscposPrinter


class SerialPrinter(EscposPrinter):
    """ESC/POS over a serial line; reads one status byte as soon as it arrives."""

    backend_label = "serial printer"

    def __init__(
        self, name: str | None = None, *, serial_port: str = "/dev/ttyUSB0", baudrate: int = 9600, **options: Any
    ) -> None:
        super().__init__(name, **options)
        self.serial_port = serial_port
        self.baudrate = int(baudrate)

    @property
    def target(self) -> str:
        """The port path."""
        return self.serial_port

    def _connect(self) -> Serial:
        # dsrdtr=False: most receipt printers' cables do not wire DSR, and a pty has no modem lines.
        conn = Serial(devfile=self.serial_port, baudrate=self.baudrate, timeout=self.timeout_s, dsrdtr=False)
        conn.open()
        conn.device.reset_input_buffer()
        return conn

    def _read_reply(self, conn: Serial) -> bytes:
        return conn.device.read(1)  # escpos reads 16 bytes, which waits for the whole timeout

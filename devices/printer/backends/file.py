"""A printer reached through a device file (``/dev/usb/lp0``, a parallel port) or a plain file."""

from __future__ import annotations

from typing import Any

from escpos.printer import File

from devices.printer.driver import EscposPrinter


class FilePrinter(EscposPrinter):
    """ESC/POS written to a file; there is no way back for status replies."""

    backend_label = "file printer"

    def __init__(self, name: str | None = None, *, file_path: str = "/dev/usb/lp0", **options: Any) -> None:
        super().__init__(name, **options)
        self.file_path = file_path

    @property
    def target(self) -> str:
        """The file path."""
        return self.file_path

    def _reads_status(self) -> bool:
        return False

    def _connect(self) -> File:
        return File(self.file_path)

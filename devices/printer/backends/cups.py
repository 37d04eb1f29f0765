"""A printer behind a CUPS queue, sent raw with ``lp -o raw``; state from ``lpstat``."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from escpos.printer import LP

from devices.printer.driver import EscposPrinter
from devices.printer.status import Paper, PrinterStatus


class CupsPrinter(EscposPrinter):
    """ESC/POS through a CUPS raw queue; no real-time status, so the queue state stands in for it."""

    backend_label = "CUPS queue"

    def __init__(self, name: str | None = None, *, cups_queue: str = "", **options: Any) -> None:
        super().__init__(name, **options)
        self.queue = cups_queue

    @property
    def target(self) -> str:
        """``cups:QUEUE``."""
        return f"cups:{self.queue or '(default)'}"

    def _reads_status(self) -> bool:
        return False

    def _status_without_query(self) -> PrinterStatus:
        if shutil.which("lpstat") is None or not self.queue:
            return PrinterStatus(online=True)
        answer = subprocess.run(["lpstat", "-p", self.queue], capture_output=True, text=True, timeout=10)
        disabled = answer.returncode != 0 or "disabled" in answer.stdout
        return PrinterStatus(online=not disabled, paper=Paper.UNKNOWN)

    def _connect(self) -> LP:
        if shutil.which("lp") is None:
            raise FileNotFoundError("the `lp` command (CUPS client) is not installed")
        return LP(self.queue)

"""What a print attempt came to, in words the UI can show, and the technician warning event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from devices.base import DeviceEvent, StatusReport

REPRINT_AT_WINDOW_ZH = "回执可在窗口补打"
REPRINT_AT_WINDOW_EN = "Your receipt can be reprinted at the service window."


class PrintOutcome(StrEnum):
    """How a print attempt ended."""

    PRINTED = "printed"
    ALREADY_PRINTED = "already_printed"
    """The job id was printed before: a retry never prints it again (use an explicit reprint)."""
    NOT_PRINTED = "not_printed"
    """Nothing was sent (offline, paper out, port gone): the job may be tried again."""
    INTERRUPTED = "interrupted"
    """Sending started but did not finish cleanly: the paper may hold part of it; only a reprint resends."""


@dataclass(frozen=True, slots=True)
class PrintResult:
    """One print attempt: outcome, the printer status read, and any technician warning."""

    job_id: str
    outcome: PrintOutcome
    status: StatusReport
    warning: str = ""

    @property
    def printed(self) -> bool:
        """True when the citizen holds the receipt (now or from the earlier attempt)."""
        return self.outcome in (PrintOutcome.PRINTED, PrintOutcome.ALREADY_PRINTED)

    @property
    def message_zh(self) -> str:
        """What the citizen screen says when the receipt did not come out."""
        if self.printed:
            return ""
        reason = self.status.reason.rpartition(" / ")[2] if " / " in self.status.reason else "打印机暂不可用"
        return f"回执未能打印（{reason}）。{REPRINT_AT_WINDOW_ZH}"

    @property
    def message_en(self) -> str:
        """English counterpart of :attr:`message_zh`."""
        return "" if self.printed else f"Printing failed. {REPRINT_AT_WINDOW_EN}"


@dataclass(frozen=True, slots=True)
class PrinterWarning(DeviceEvent):
    """Something a technician should see soon (paper near end); printing still works."""

    message: str

"""Decode the printer's real-time status bytes (``DLE EOT 1`` printer, ``DLE EOT 4`` paper sensor).

Every reply is one byte whose fixed bits are ``0`` at 0x81 and ``1`` at 0x12; anything else is not a
status byte (noise, a printer that does not implement the command) and is a :class:`ProtocolError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from devices.base import DeviceState, StatusReport
from devices.errors import ProtocolError

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"
QUERY_PAPER = DLE_EOT + b"\x04"

_OFFLINE_BIT = 0x08
_NEAR_END_BITS = 0x0C
_PAPER_OUT_BITS = 0x60


class Paper(StrEnum):
    """What the paper roll sensor reports."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """Online state and paper state read before (and after) a job."""

    online: bool
    paper: Paper = Paper.UNKNOWN

    @property
    def can_print(self) -> bool:
        """Whether a job may be sent: online and paper not out."""
        return self.online and self.paper is not Paper.OUT

    def report(self) -> StatusReport:
        """The device status this corresponds to, with a reason a technician can act on."""
        if self.paper is Paper.OUT:  # an Epson out of paper also sets "offline": paper end is the cause
            return StatusReport(DeviceState.DEGRADED, "paper out / 缺纸")
        if not self.online:
            return StatusReport(DeviceState.OFFLINE, "printer offline (cover open or error) / 打印机离线")
        if self.paper is Paper.NEAR_END:
            return StatusReport(DeviceState.DEGRADED, "paper near end / 纸将用尽")
        return StatusReport(DeviceState.READY, "")


def _check(byte: int, what: str) -> None:
    if not 0 <= byte <= 0xFF or byte & 0x81 or byte & 0x12 != 0x12:
        raise ProtocolError(f"not a {what} status byte: 0x{byte & 0xFFFF:02X}", device="printer")


def parse_online(reply: bytes) -> bool:
    """``DLE EOT 1`` reply → online?; a missing or malformed byte is a ProtocolError."""
    if len(reply) < 1:
        raise ProtocolError("no answer to the printer status query (DLE EOT 1)", device="printer")
    _check(reply[-1], "printer")
    return not reply[-1] & _OFFLINE_BIT


def parse_paper(reply: bytes) -> Paper:
    """``DLE EOT 4`` reply → paper state; a missing or malformed byte is a ProtocolError."""
    if len(reply) < 1:
        raise ProtocolError("no answer to the paper status query (DLE EOT 4)", device="printer")
    byte = reply[-1]
    _check(byte, "paper")
    if byte & _PAPER_OUT_BITS:
        return Paper.OUT
    if byte & _NEAR_END_BITS:
        return Paper.NEAR_END
    return Paper.OK


def online_byte(online: bool) -> int:
    """The ``DLE EOT 1`` reply a printer in that state sends (used by the simulator)."""
    return 0x12 | (0 if online else _OFFLINE_BIT)


def paper_byte(paper: Paper) -> int:
    """The ``DLE EOT 4`` reply for a paper state (used by the simulator)."""
    return {Paper.OK: 0x12, Paper.UNKNOWN: 0x12, Paper.NEAR_END: 0x1E, Paper.OUT: 0x72}[paper]

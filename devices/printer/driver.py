"""The receipt printer device: status before printing, one delivery per job id, explicit reprints.

Backends (``devices.printer.backends``) only say how to open a python-escpos connection and read a
status reply; everything else — the order of checks, error translation, the job ledger, the events —
lives here, so every backend behaves alike. Printing blocks: call it from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from escpos.escpos import Escpos

from devices.base import DeviceState, ReceiptPrinter, StatusReport
from devices.errors import (
    ConfigurationError,
    DeviceBusy,
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
)
from devices.printer.ledger import INTERRUPTED, PRINTED, SENDING, JobLedger
from devices.printer.profile import PrinterProfile, as_profile
from devices.printer.result import PrinterWarning, PrintOutcome, PrintResult
from devices.printer.status import QUERY_PAPER, QUERY_PRINTER, Paper, PrinterStatus, parse_online, parse_paper

log = logging.getLogger(__name__)


def translate(exc: BaseException, where: str) -> DeviceError:
    """Turn a foreign exception from escpos, the socket, pyserial or pyusb into our own error."""
    if isinstance(exc, DeviceError):
        return exc
    text = str(exc).strip().replace("\n", " ") or type(exc).__name__
    if isinstance(exc, TimeoutError) or "timed out" in text.lower():
        return DeviceTimeout(f"{where}: no answer ({text})", device="printer")
    if getattr(exc, "errno", None) == 16 or "busy" in text.lower():
        return DeviceBusy(f"{where}: device busy, another program holds it ({text})", device="printer")
    return DeviceUnavailable(f"{where}: {text}", device="printer")


class EscposPrinter(ReceiptPrinter):
    """A receipt printer reached through one python-escpos connection per job."""

    backend_label = "printer"

    def __init__(
        self,
        name: str | None = None,
        *,
        profile: Any = None,
        profile_path: str | None = None,
        timeout_s: float = 5.0,
        job_ledger: str | Path | None = None,
        **_other: Any,
    ) -> None:
        super().__init__(name)
        # The kiosk passes ``profile`` (a name from its config) *and* ``profile_path`` (that name resolved);
        # used alone, ``profile`` may be a profile, its data or a path, but not a bare name.
        chosen = profile_path or profile
        if isinstance(chosen, str) and not chosen.endswith(".toml"):
            raise ConfigurationError(
                f"printer profile {chosen!r} given by name: pass profile_path (the "
                "kiosk resolves names under config/printers/)",
                device="printer",
            )
        self.profile: PrinterProfile = as_profile(chosen)
        self.timeout_s = float(timeout_s)
        self.ledger = JobLedger(job_ledger)
        self._lock = threading.Lock()

    # --- what a backend provides ---------------------------------------------------------------
    def _connect(self) -> Escpos:
        """An opened python-escpos printer object."""
        raise NotImplementedError

    def _read_reply(self, conn: Escpos) -> bytes:
        """Read the answer to a real-time status query (default: escpos' own ``_read``)."""
        return conn._read()

    def _reads_status(self) -> bool:
        """Whether this connection can carry a status reply at all."""
        return True

    def _status_without_query(self) -> PrinterStatus:
        """Status when the printer cannot be asked (profile or backend): assume it works."""
        return PrinterStatus(online=True, paper=Paper.UNKNOWN)

    @property
    def target(self) -> str:
        """Where the printer is (host:port, port, queue), for messages."""
        return self.backend_label

    # --- status --------------------------------------------------------------------------------
    @property
    def queries_status(self) -> bool:
        """Whether status is read before printing (the profile supports it and the backend can read)."""
        return self.profile.status and self._reads_status()

    def _open(self) -> Escpos:
        try:
            conn = self._connect()
            _ = conn.device  # escpos opens lazily; open now so errors surface here
            return conn
        except Exception as exc:  # noqa: BLE001 - escpos, socket, pyserial and pyusb each raise their own
            raise translate(exc, f"cannot open {self.target}") from exc

    @staticmethod
    def _close(conn: Escpos) -> None:
        try:
            conn.close()
        except Exception as exc:  # noqa: BLE001 - closing a dead connection must not hide the real error
            log.debug("closing printer connection failed: %s", exc)

    def _query(self, conn: Escpos) -> PrinterStatus:
        """Ask online state then paper state over an open connection."""
        try:
            if not self.queries_status:
                return self._status_without_query()
            conn._raw(QUERY_PRINTER)
            online = parse_online(self._read_reply(conn))
            conn._raw(QUERY_PAPER)
            paper = parse_paper(self._read_reply(conn))
        except ProtocolError:
            raise
        except Exception as exc:  # noqa: BLE001 - socket, serial and usb errors alike
            raise translate(exc, f"status query to {self.target}") from exc
        return PrinterStatus(online=online, paper=paper)

    def read_status(self) -> PrinterStatus:
        """Open the printer, read its status, close it, and update :attr:`status`; raises DeviceError."""
        with self._lock:
            try:
                conn = self._open()
            except DeviceError as exc:
                self.set_status(DeviceState.OFFLINE, exc.message)
                raise
            try:
                status = self._query(conn)
            except DeviceError as exc:
                self.set_status(DeviceState.OFFLINE, exc.message)
                raise
            finally:
                self._close(conn)
            self._apply(status)
            return status

    def _apply(self, status: PrinterStatus) -> StatusReport:
        report = status.report()
        self.set_status(report.state, report.reason)
        if status.paper is Paper.NEAR_END:
            self.publish(PrinterWarning(self.name, "paper near end: replace the roll soon / 纸将用尽，请及时换纸"))
        return report

    def start(self) -> None:
        """Read the status once; an unreachable printer is offline with a reason, not an exception."""
        try:
            self.read_status()
        except DeviceError as exc:
            log.warning("printer %s not ready: %s", self.name, exc)

    def stop(self) -> None:
        """Nothing stays open between jobs."""
        self.set_status(DeviceState.OFFLINE, "stopped")

    # --- printing ------------------------------------------------------------------------------
    def print_job(self, job_id: str, data: bytes) -> PrintResult:
        """Print ``data`` once under ``job_id``; a retry of a job already sent never prints it again."""
        if not job_id:
            raise ValueError("a print job needs an id")
        with self._lock:
            prior = self.ledger.state(job_id)
            if prior == PRINTED:
                log.info("print job %s already printed; not printed again", job_id)
                return PrintResult(job_id, PrintOutcome.ALREADY_PRINTED, self._status_now())
            if prior in (SENDING, INTERRUPTED):
                log.warning("print job %s was interrupted before; only an explicit reprint resends it", job_id)
                return PrintResult(job_id, PrintOutcome.INTERRUPTED, self._status_now())
            return self._send(job_id, data)

    def _status_now(self) -> StatusReport:
        """The printer's status read now (a retry must not carry an old reason); sends no job bytes."""
        try:
            conn = self._open()
        except DeviceError as exc:
            self.set_status(DeviceState.OFFLINE, exc.message)
            return self.status
        try:
            return self._apply(self._query(conn))
        except DeviceError as exc:
            self.set_status(DeviceState.OFFLINE, exc.message)
            return self.status
        finally:
            self._close(conn)

    def reprint(self, job_id: str, data: bytes, reason: str = "") -> PrintResult:
        """Print a job again on purpose (technician or window staff); logged, with its own job id."""
        with self._lock:
            number = self.ledger.count_with_prefix(f"{job_id}#reprint-") + 1
            reprint_id = f"{job_id}#reprint-{number}"
            log.warning("reprint %d of print job %s requested%s", number, job_id, f": {reason}" if reason else "")
            return self._send(reprint_id, data)

    def _send(self, job_id: str, data: bytes) -> PrintResult:
        try:
            conn = self._open()
        except DeviceError as exc:
            self.set_status(DeviceState.OFFLINE, exc.message)
            log.warning("print job %s not printed: %s", job_id, exc.message)
            return PrintResult(job_id, PrintOutcome.NOT_PRINTED, self.status)
        try:
            return self._send_open(conn, job_id, data)
        finally:
            self._close(conn)

    def _send_open(self, conn: Escpos, job_id: str, data: bytes) -> PrintResult:
        try:
            before = self._query(conn)
        except DeviceError as exc:
            self.set_status(DeviceState.OFFLINE, exc.message)
            log.warning("print job %s not printed: %s", job_id, exc.message)
            return PrintResult(job_id, PrintOutcome.NOT_PRINTED, self.status)
        if not before.can_print:
            report = self._apply(before)
            log.warning("print job %s not printed: %s", job_id, report.reason)
            return PrintResult(job_id, PrintOutcome.NOT_PRINTED, report)
        self.ledger.record(job_id, SENDING)
        self.set_status(DeviceState.BUSY, "printing")
        try:
            conn._raw(data)
            after = self._query(conn)  # the answer comes after the job's bytes: the printer took them
        except Exception as exc:  # noqa: BLE001 - whatever broke, the job's fate is unknown now
            error = translate(exc, f"sending to {self.target}")
            self.ledger.record(job_id, INTERRUPTED)
            self.set_status(DeviceState.OFFLINE, error.message)
            log.error("print job %s interrupted: %s", job_id, error.message)
            return PrintResult(job_id, PrintOutcome.INTERRUPTED, self.status)
        if not after.can_print:
            self.ledger.record(job_id, INTERRUPTED)
            report = self._apply(after)
            log.error("print job %s interrupted: %s", job_id, report.reason)
            return PrintResult(job_id, PrintOutcome.INTERRUPTED, report)
        self.ledger.record(job_id, PRINTED)
        report = self._apply(after)
        warning = report.reason if after.paper is Paper.NEAR_END else ""
        log.info("print job %s printed (%d bytes)", job_id, len(data))
        return PrintResult(job_id, PrintOutcome.PRINTED, report, warning)

    def describe(self) -> dict[str, Any]:
        """Plain data for technicians, with the profile and target."""
        info = super().describe()
        info.update(profile=self.profile.name, paper_mm=self.profile.paper_mm, target=self.target)
        return info

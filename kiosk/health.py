"""Heartbeat: every N seconds the kiosk's health goes to the platform; kept in a queue while offline.

A report holds device states and reasons, paper state, outbox depth and oldest age, app version, uptime,
free disk under the data directory and the last error logged (already masked). Reports that cannot be sent
wait in a bounded in-memory queue (oldest dropped first) and go out oldest first when the platform answers
again; the platform keeps the newest by ``measured_at``.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from kiosk.privacy import REDACTOR
from kiosk.settings.health import HealthSection

log = logging.getLogger(__name__)

PAPER_REASONS = (("paper out", "out"), ("paper near end", "near_end"))


class LastErrorHandler(logging.Handler):
    """Remembers the last ERROR (or worse) line, masked, for the heartbeat and the admin screen."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``logger: message`` of the record, masked and cut to 300 characters."""
        try:
            self.last = REDACTOR.redact(f"{record.name}: {record.getMessage()}")[:300]
        except Exception:  # noqa: BLE001 - a bad format string must not break logging
            self.last = f"{record.name}: (unformattable message)"


def paper_state(devices: dict[str, Any]) -> str | None:
    """``ok`` / ``near_end`` / ``out`` / ``unknown`` from the printer's status; None without a printer."""
    printer = devices.get("printer")
    if printer is None:
        return None
    status = printer.status
    if status.state.value == "offline":
        return "unknown"
    reason = status.reason.lower()
    for text, state in PAPER_REASONS:
        if text in reason:
            return state
    return "ok"


def free_disk_bytes(path: Any) -> int | None:
    """Free bytes on the file system holding ``path`` (its nearest existing parent); None when unknown."""
    from pathlib import Path

    p = Path(path)
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return shutil.disk_usage(p).free
    except OSError:
        return None


def collect(
    services: Any, started_at: float, last_error: str = "", clock: Callable[[], float] = time.time
) -> dict[str, Any]:
    """One health report of ``services`` (a :class:`kiosk.services.KioskServices`) as the API's JSON body."""
    from kiosk import __version__

    devices = dict(getattr(services, "devices", {}) or {})
    states = {kind: d.status.state.value for kind, d in devices.items()}
    reasons = {kind: REDACTOR.redact(d.status.reason)[:200] for kind, d in devices.items() if d.status.reason}
    report: dict[str, Any] = {
        "devices": states,
        "device_reasons": reasons,
        "paper": paper_state(devices),
        "outbox_depth": 0,
        "outbox_failed": 0,
        "outbox_oldest_age_s": None,
        "app_version": __version__,
        "uptime_s": round(max(0.0, clock() - started_at), 1),
        "free_disk_bytes": free_disk_bytes(services.settings.kiosk.data_dir),
        "last_error": last_error,
        "measured_at": round(clock(), 3),
    }
    sync = getattr(services, "sync", None)
    if sync is not None:
        try:
            depth = sync.outbox.depth()
            report.update(
                outbox_depth=depth.waiting,
                outbox_failed=depth.failed,
                outbox_oldest_age_s=None if depth.oldest_age_s is None else round(depth.oldest_age_s, 1),
            )
        except Exception as exc:  # noqa: BLE001 - a closed outbox must not stop the heartbeat
            log.debug("outbox depth unavailable: %s", exc)
        offset = sync.client.offset.measured_s
        if offset is not None:
            report.update(clock_offset_s=round(offset, 1), clock_corrected=sync.client.offset.corrects)
    return report


class HealthReporter:
    """Sends a heartbeat every ``[health] interval_s`` from a background thread; ``start()`` / ``stop()``."""

    def __init__(
        self,
        services: Any,
        *,
        client: Any = None,
        section: HealthSection | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.services = services
        self.section = section or getattr(services.settings, "health", None) or HealthSection.model_validate({})
        self._client = client
        self.clock = clock
        self.started_at = clock()
        self.queue: deque[dict[str, Any]] = deque(maxlen=self.section.queue_max)
        """Reports not yet accepted by the platform, oldest first."""
        self.sent = 0
        self.last_problem = ""
        """Why the last attempt failed ('' after a success)."""
        self.errors = LastErrorHandler()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def client(self) -> Any:
        """The platform client: the one given, else the sync runtime's."""
        if self._client is not None:
            return self._client
        sync = getattr(self.services, "sync", None)
        return None if sync is None else sync.client

    def start(self) -> None:
        """Start the heartbeat thread (first report at once) and begin remembering the last error."""
        if self._thread is not None or not self.section.enabled:
            return
        logging.getLogger().addHandler(self.errors)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="health-heartbeat", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread (a call in flight finishes first); queued reports stay in :attr:`queue`."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        logging.getLogger().removeHandler(self.errors)

    def beat_now(self) -> None:
        """Ask the thread to report now (the admin screen after a self-test)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001 - the heartbeat thread must survive anything
                log.error("heartbeat failed unexpectedly: %s", exc)
            self._wake.wait(self.section.interval_s)
            self._wake.clear()

    def beat(self) -> bool:
        """Take a report, queue it, and send the queue oldest first; True when the queue is empty after."""
        with self._lock:
            self.queue.append(collect(self.services, self.started_at, self.errors.last, self.clock))
            return self._flush()

    def _flush(self) -> bool:
        from kiosk.sync.errors import PlatformCallError

        client = self.client
        if client is None:
            self.last_problem = "no platform client"
            return False
        path = f"/api/v1/kiosks/{quote(client.kiosk_id, safe='')}/heartbeat"
        while self.queue:
            report = dict(self.queue[0], queued=len(self.queue) - 1)
            body = json.dumps(report, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            try:
                client.call("POST", path, body=body, headers={"Content-Type": "application/json"})
            except PlatformCallError as exc:
                if exc.status == 400:  # the platform will never take this one: drop it, keep the rest
                    log.warning("heartbeat refused (%s); dropped", exc)
                    self.queue.popleft()
                    continue
                if not self.last_problem:
                    log.warning("heartbeat not delivered, %d report(s) queued: %s", len(self.queue), exc)
                self.last_problem = str(exc) or type(exc).__name__
                return False
            self.queue.popleft()
            self.sent += 1
            if self.last_problem:
                log.info("heartbeat delivered again")
            self.last_problem = ""
        return True

"""Background thread draining the outbox and publishing sync events for the UI."""

from __future__ import annotations

import logging
import threading
from typing import Any

from kiosk.sync.application import Application
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.events import (
    ApplicationFailed,
    ApplicationQueued,
    ApplicationRetrying,
    ApplicationSent,
    OutboxDepth,
    PlatformAlert,
)
from kiosk.sync.outbox import FAILED, PENDING, SENT, Outbox, QueuedApplication
from kiosk.sync.ratings import RatingQueue, RatingSent
from kiosk.sync.sender import Delivery, Sender

log = logging.getLogger(__name__)


class SyncWorker:
    """Drains the outbox one item at a time, then the ratings; ``enqueue`` and ``enqueue_rating`` queue
    durably and wake it up."""

    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        bus: Any = None,
        *,
        policy: RetryPolicy | None = None,
        poll_interval_s: float = 1.0,
        ratings: RatingQueue | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.ratings = ratings
        self.sender = Sender(outbox, client, policy)
        self.bus = bus
        self.poll_interval_s = poll_interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _publish(self, event: object) -> None:
        if self.bus is not None:
            self.bus.publish(event)

    def publish_depth(self) -> None:
        """Publish the current :class:`OutboxDepth`."""
        d = self.outbox.depth()
        self._publish(OutboxDepth(d.waiting, d.failed, d.oldest_age_s))

    def enqueue(self, app: Application) -> QueuedApplication:
        """Queue ``app`` durably (returns once it is on disk), announce it, and wake the worker."""
        queued = self.outbox.put(app)
        if not queued.already_queued:
            self._publish(ApplicationQueued(queued.local_ref, app.item_code))
            self.publish_depth()
        self._wake.set()
        return queued

    def enqueue_rating(self, visit_id: str, level: int, reasons: list[str], comment: str) -> bool:
        """Keep a rating durably and wake the worker; False when the visit was already rated."""
        if self.ratings is None:
            raise RuntimeError("this worker has no rating queue")
        queued = self.ratings.put(visit_id, level, reasons, comment)
        self._wake.set()
        return queued

    def deliver_ratings(self) -> list[RatingSent]:
        """Send the ratings that are due (each waits for its application's case number)."""
        if self.ratings is None:
            return []
        return self.ratings.deliver_due(self.client, self.outbox)

    def _announce(self, d: Delivery) -> None:
        if d.state == SENT:
            self._publish(ApplicationSent(d.local_ref, d.case_no, d.promised_date))
        elif d.state == FAILED:
            self._publish(ApplicationFailed(d.local_ref, d.reason))
        else:
            self._publish(ApplicationRetrying(d.local_ref, d.reason, d.delay_s, d.status))
            if d.auth_problem:
                self._publish(PlatformAlert(d.reason))
        self.publish_depth()

    def run_once(self) -> Delivery | None:
        """Deliver the most overdue item, if any is due; returns what happened."""
        item_id = self.outbox.claim()
        if item_id is None:
            return None
        try:
            delivery = self.sender.deliver(item_id)
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the item stuck in "sending"
            log.exception("outbox worker: unexpected error while sending an item")
            delay = self.sender.policy.delay(1)
            self.outbox.mark_retry(item_id, delay, f"unexpected error: {type(exc).__name__}")
            delivery = Delivery(item_id, "", PENDING, reason=type(exc).__name__, delay_s=delay)
        self._announce(delivery)
        return delivery

    def _loop(self) -> None:
        self.publish_depth()
        while not self._stop.is_set():
            try:
                did = self.run_once()
            except Exception:  # noqa: BLE001 - the worker must survive anything and keep draining
                log.exception("outbox worker: unexpected error")
                did = None
            if did is None:
                try:
                    self.deliver_ratings()
                except Exception:  # noqa: BLE001 - same: keep draining
                    log.exception("outbox worker: unexpected error while sending ratings")
                due = self.outbox.next_due_in()
                wait = self.poll_interval_s if due is None else min(due, self.poll_interval_s)
                self._wake.wait(wait)
                self._wake.clear()

    def start(self) -> None:
        """Start the background thread (once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the thread to stop after the current item and wait; False when it did not stop in time."""
        self._stop.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        stopped = not self._thread.is_alive()
        if stopped:
            self._thread = None
        return stopped

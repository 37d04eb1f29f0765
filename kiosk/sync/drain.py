"""Drain the outbox in the foreground (``kiosk sync run``): the worker's loop without a thread or a UI,
ending when the queue is empty (``until_empty``), when time is up (``max_s``) or when asked to stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.sync.sender import Delivery
from kiosk.sync.worker import SyncWorker

EXIT_DRAINED, EXIT_FAILED_ITEMS, EXIT_TIME_UP, EXIT_STOPPED = 0, 3, 4, 5


@dataclass(frozen=True, slots=True)
class DrainResult:
    """How a foreground drain ended: counts, what is left, and the exit code with its reason."""

    sent: int
    retried: int
    failed: int
    waiting: int
    failed_total: int
    seconds: float
    exit_code: int
    reason: str
    last_error: str = ""


def drain(
    worker: SyncWorker,
    *,
    until_empty: bool,
    max_s: float | None,
    stop: threading.Event | None = None,
    on_delivery: Callable[[Delivery], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> DrainResult:
    """Deliver due items one after the other (ratings too) until the end condition; never raises for
    platform trouble (each item's own backoff applies, as in the kiosk)."""
    stop = stop or threading.Event()
    started = clock()
    sent = retried = failed = 0
    last_error = ""
    while not stop.is_set():
        delivery = worker.run_once()
        if delivery is not None:
            if on_delivery is not None:
                on_delivery(delivery)
            if delivery.state == "sent":
                sent += 1
            elif delivery.state == "failed":
                failed += 1
                last_error = delivery.reason
            else:
                retried += 1
                last_error = delivery.reason
        else:
            worker.deliver_ratings()
        depth = worker.outbox.depth()
        elapsed = clock() - started
        if until_empty and depth.waiting == 0:
            if depth.failed:
                return DrainResult(
                    sent, retried, failed, 0, depth.failed, elapsed, EXIT_FAILED_ITEMS,
                    f"{depth.failed} item(s) failed and wait for a technician (kiosk outbox list --state failed)",
                    last_error,
                )  # fmt: skip
            return DrainResult(sent, retried, failed, 0, 0, elapsed, EXIT_DRAINED, "outbox empty", last_error)
        if max_s is not None and elapsed >= max_s:
            return DrainResult(
                sent, retried, failed, depth.waiting, depth.failed, elapsed, EXIT_TIME_UP,
                f"time is up after {max_s:g} s with {depth.waiting} item(s) still waiting", last_error,
            )  # fmt: skip
        if delivery is None:
            due = worker.outbox.next_due_in()
            wait = worker.poll_interval_s if due is None else min(due, worker.poll_interval_s)
            if max_s is not None:
                wait = min(wait, max(0.0, max_s - elapsed))
            stop.wait(wait)
    depth = worker.outbox.depth()
    return DrainResult(
        sent, retried, failed, depth.waiting, depth.failed, clock() - started, EXIT_STOPPED, "stopped", last_error
    )

"""A small runner for background work: one job per key at a time, results published as events.

The journey parts hand it a function that does the slow work (a network call, printing, writing to
disk) and returns the event that tells the screens how it ended; the runner runs it on a daemon
thread, publishes the event on the bus, and refuses a second job under the same key while the first
runs. A job started in one visit whose result arrives after the session ended is dropped when
``keep_stale`` is off (the default), so nothing of a previous citizen reaches the next one's screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.events import EventBus

log = logging.getLogger(__name__)

Work = Callable[[], object | None]
"""A job: does the work and returns the event to publish (None: nothing to say)."""


class JobRunner:
    """Runs keyed jobs on worker threads and publishes what they return."""

    def __init__(self, bus: EventBus, visit: Callable[[], str]) -> None:
        self.bus = bus
        self._visit = visit
        self._lock = threading.Lock()
        self._running: dict[str, threading.Thread] = {}

    def busy(self, key: str) -> bool:
        """True while a job runs under ``key``."""
        with self._lock:
            return key in self._running

    def start(
        self,
        key: str,
        work: Work,
        *,
        on_error: Callable[[Exception], object | None] | None = None,
        keep_stale: bool = False,
    ) -> threading.Thread | None:
        """Run ``work`` under ``key`` unless a job with that key runs (then None); an exception becomes
        ``on_error(exc)``'s event (logged, never raised: the citizen must always get an answer)."""
        with self._lock:
            if key in self._running:
                return None
            thread = threading.Thread(target=self._run, args=(key, work, on_error, keep_stale), name=key, daemon=True)
            self._running[key] = thread
        thread.start()
        return thread

    def _run(
        self, key: str, work: Work, on_error: Callable[[Exception], object | None] | None, keep_stale: bool
    ) -> None:
        visit = self._visit()
        try:
            event = work()
        except Exception as exc:  # noqa: BLE001 - turned into the job's failure event
            log.exception("job %s failed", key)
            event = on_error(exc) if on_error is not None else None
        finally:
            with self._lock:
                self._running.pop(key, None)
        if event is not None and (keep_stale or self._visit() == visit):
            self.bus.publish(event)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the running jobs (tests, shutdown)."""
        with self._lock:
            threads = list(self._running.values())
        for thread in threads:
            thread.join(timeout)

"""Time sources. The session and admin lockout read time through a clock so tests can advance it."""

from __future__ import annotations

import threading
import time


class Clock:
    """Monotonic seconds for timeouts and wall-clock seconds for records."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start, never going back."""
        return time.monotonic()

    def wall(self) -> float:
        """Unix time in seconds."""
        return time.time()


class OffsetClock(Clock):
    """The real clock plus an offset that tests and walk-throughs advance to skip waiting."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def advance(self, seconds: float) -> None:
        """Jump ``seconds`` into the future."""
        with self._lock:
            self._offset += seconds

    def monotonic(self) -> float:
        """Real monotonic time plus the offset."""
        return time.monotonic() + self._offset

    def wall(self) -> float:
        """Real wall time plus the offset."""
        return time.time() + self._offset

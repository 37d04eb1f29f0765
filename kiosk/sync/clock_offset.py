"""The platform's clock minus the kiosk's, measured from the answers, so a kiosk whose clock drifted keeps
signing requests the platform accepts (DESIGN.md §4: a timestamp off by more than 300 s is refused)."""

from __future__ import annotations

import email.utils
import threading

CORRECT_FROM_S = 30.0
"""Offsets below this are left alone (the ``Date`` header has one-second resolution); above it, signing
uses the platform's time and the heartbeat reports the drift."""


class ClockOffset:
    """The latest measured offset (seconds to add to our clock to get the platform's); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.measured_s: float | None = None
        """The last measurement, ``None`` before the first answer with a usable clock."""

    @property
    def correction_s(self) -> float:
        """What signing adds to our clock: the offset when it is large enough to matter, else 0."""
        offset = self.measured_s
        return offset if offset is not None and abs(offset) >= CORRECT_FROM_S else 0.0

    @property
    def corrects(self) -> bool:
        """True when signing is being corrected."""
        return self.correction_s != 0.0

    def observe(self, date_header: str | None, sent_at: float, received_at: float) -> None:
        """Measure from an answer's HTTP ``Date`` (whole seconds), taken between ``sent_at`` and ``received_at``."""
        if not date_header:
            return
        try:
            when = email.utils.parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return
        if when is None or when.tzinfo is None:
            return
        midpoint = (sent_at + received_at) / 2
        offset = when.timestamp() + 0.5 - midpoint  # the header truncates to the second
        with self._lock:
            previous = self.measured_s
            # Keep a finer measurement (``server_time``) unless the header says something else entirely.
            if previous is None or abs(previous - offset) > 1.5:
                self.measured_s = offset

    def observe_exact(self, server_time: float, received_at: float) -> None:
        """Measure from a body's exact platform time (the heartbeat's ``server_time``)."""
        with self._lock:
            self.measured_s = server_time - received_at

    def describe(self) -> str:
        """One line for ``kiosk doctor`` and the heartbeat."""
        offset = self.measured_s
        if offset is None:
            return "not measured yet"
        state = "signing corrected" if self.corrects else "within tolerance"
        return f"platform clock {offset:+.1f} s from ours ({state})"

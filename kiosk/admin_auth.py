"""Admin PIN check with lockout; every attempt is logged (never the PIN itself)."""

from __future__ import annotations

import hmac
import logging

from kiosk.clock import Clock
from kiosk.errors import AdminLocked

log = logging.getLogger("kiosk.admin")


class AdminGate:
    """Checks PINs; after ``max_failures`` wrong PINs in a row, refuses every attempt for ``lockout_s``."""

    def __init__(self, pin: str, clock: Clock, *, max_failures: int = 5, lockout_s: float = 300) -> None:
        self._pin = pin
        self.clock = clock
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self.failures = 0
        self._locked_until = 0.0

    def seconds_locked(self) -> float:
        """Seconds until PIN entry opens again (0 when open)."""
        return max(0.0, self._locked_until - self.clock.monotonic())

    def tries_left(self) -> int:
        """Wrong PINs still allowed before the lockout."""
        return self.max_failures - self.failures

    def check(self, pin: str) -> bool:
        """True for the right PIN; False for a wrong one; :class:`AdminLocked` while locked."""
        left = self.seconds_locked()
        if left > 0:
            log.warning("admin login refused: locked", extra={"event": "admin_login", "result": "locked"})
            raise AdminLocked("admin PIN entry is locked", left)
        if hmac.compare_digest(pin.encode(), self._pin.encode()):
            self.failures = 0
            log.info("admin login accepted", extra={"event": "admin_login", "result": "ok"})
            return True
        self.failures += 1
        if self.failures >= self.max_failures:
            self._locked_until = self.clock.monotonic() + self.lockout_s
            self.failures = 0
            log.warning(
                "admin login failed; locked for %d s",
                self.lockout_s,
                extra={"event": "admin_login", "result": "lockout"},
            )
        else:
            log.warning(
                "admin login failed (%d of %d)",
                self.failures,
                self.max_failures,
                extra={"event": "admin_login", "result": "wrong_pin"},
            )
        return False

    def audit(self, action: str) -> None:
        """Log one admin action (every admin action is logged, DESIGN.md §5)."""
        log.info("admin action: %s", action, extra={"event": "admin_action", "action": action})

"""Admin mode closes itself when the technician walks away: no touch for ``[admin] idle_timeout_s``."""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

log = logging.getLogger("kiosk.admin")


class AdminIdleGuard:
    """Watches touches while admin mode is open; after the idle timeout it leaves admin mode and goes home."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.services = app.services
        self.last_touch = self.services.clock.monotonic()
        self._event: Any = None

    def start(self) -> None:
        """Begin watching (idempotent): called when the dashboard opens."""
        self.last_touch = self.services.clock.monotonic()
        if self._event is None:
            Window.bind(on_touch_down=self._touched)
            self._event = Clock.schedule_interval(self._check, 0.5)

    def stop(self) -> None:
        """Stop watching."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
            Window.unbind(on_touch_down=self._touched)

    def _touched(self, *_args: Any) -> bool:
        self.last_touch = self.services.clock.monotonic()
        return False

    def _check(self, _dt: float) -> None:
        if not self.services.admin_mode:
            self.stop()
            return
        idle = self.services.clock.monotonic() - self.last_touch
        limit = self.services.settings.admin.idle_timeout_s
        if idle >= limit:
            log.info(
                "admin mode closed after %d s without a touch",
                limit,
                extra={"event": "admin_action", "action": "idle timeout"},
            )
            self.stop()
            self.app.go_home()


_GUARDS: dict[int, AdminIdleGuard] = {}


def guard_for(app: Any) -> AdminIdleGuard:
    """The app's one guard."""
    guard = _GUARDS.get(id(app))
    if guard is None or guard.app is not app:
        guard = _GUARDS[id(app)] = AdminIdleGuard(app)
    return guard

"""The one bridge from the core's threads to the Kivy main thread (DESIGN.md §2).

Device threads and the sync worker publish on the core's event bus from their own threads; this
bridge re-schedules every handler call on the Kivy clock, so widgets are only touched on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.clock import Clock

from kiosk.events import EventBus


class UiBridge:
    """Subscribe UI handlers to bus events; handlers always run on the Kivy main thread."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self._unsubscribers: list[Callable[[], None]] = []

    def on(self, event_type: type, handler: Callable[[Any], None]) -> None:
        """Call ``handler(event)`` on the UI thread for every ``event_type`` event."""

        def hop(event: Any) -> None:
            Clock.schedule_once(lambda _dt: handler(event), 0)

        self._unsubscribers.append(self.bus.subscribe(event_type, hop))

    def close(self) -> None:
        """Unsubscribe every handler."""
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()

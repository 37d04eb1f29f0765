"""A small thread-safe publish/subscribe bus for device, session and sync events.

Publishers (device threads, the sync worker, the session flow) call :meth:`EventBus.publish` from any
thread; handlers run on the publisher's thread. The UI subscribes through its bridge, which moves each
event onto the Kivy main thread (DESIGN.md §2).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Devices publish their events on this bus; re-exported so the UI names them through ``kiosk`` only.
from devices.base import DeviceEvent as DeviceEvent

log = logging.getLogger(__name__)

Handler = Callable[[Any], None]


class EventBus:
    """Deliver each published event to the handlers subscribed to its type (or a base type)."""

    def __init__(self) -> None:
        self._handlers: list[tuple[type, Handler]] = []
        self._lock = threading.Lock()

    def subscribe(self, event_type: type, handler: Handler) -> Callable[[], None]:
        """Call ``handler(event)`` for every event that is an instance of ``event_type``.

        Returns a function that unsubscribes.
        """
        entry = (event_type, handler)
        with self._lock:
            self._handlers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._handlers:
                    self._handlers.remove(entry)

        return unsubscribe

    def publish(self, event: Any) -> None:
        """Deliver ``event``; a failing handler is logged and never stops the others."""
        with self._lock:
            targets = [h for t, h in self._handlers if isinstance(event, t)]
        for handler in targets:
            try:
                handler(event)
            except Exception:  # noqa: BLE001 - one broken subscriber must not break the publisher
                log.exception("event handler failed for %s", type(event).__name__)


@dataclass(frozen=True, slots=True)
class SessionEvent:
    """Base of the session flow's events."""


@dataclass(frozen=True, slots=True)
class StepChanged(SessionEvent):
    """The journey moved to ``step`` (a :class:`kiosk.session.Step` value)."""

    step: str
    previous: str


@dataclass(frozen=True, slots=True)
class IdleWarning(SessionEvent):
    """No touch for a while: the session ends in ``seconds_left`` unless the citizen touches the screen."""

    seconds_left: int


@dataclass(frozen=True, slots=True)
class SessionEnded(SessionEvent):
    """The session ended (``finished``, ``idle``, ``card_removed``, ``cancelled``) and was wiped."""

    reason: str


@dataclass(frozen=True, slots=True)
class PreferencesChanged(SessionEvent):
    """The session's language or elderly mode changed (the wording follows; the UI re-reads its texts)."""

    language: str
    elderly: bool

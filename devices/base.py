"""Interfaces, statuses and events shared by every device kind.

Drivers are small classes picked by name from the configuration (see ``devices.registry``). Each one
reports a :class:`StatusReport` instead of raising for ordinary conditions (paper near end, no card),
publishes :class:`DeviceEvent` objects to the listeners given to it, and converts foreign exceptions
into :mod:`devices.errors` at its boundary. Listeners are called on the driver's own thread: whoever
shows them on screen must hop to the UI thread (the kiosk's UI bridge does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from devices.identity import Identity


class DeviceState(StrEnum):
    """Coarse state of a device, shown to technicians and sent in the heartbeat."""

    READY = "ready"
    BUSY = "busy"
    DEGRADED = "degraded"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A device's state with a human-readable reason (``paper near end``, ``port /dev/ttyUSB0 gone``)."""

    state: DeviceState
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeviceEvent:
    """Base of every event a device publishes; ``device`` is the instance name from the config."""

    device: str


@dataclass(frozen=True, slots=True)
class StatusChanged(DeviceEvent):
    """The device's status changed (for example reader unplugged → offline)."""

    status: StatusReport


@dataclass(frozen=True, slots=True)
class CardRead(DeviceEvent):
    """A card was placed and read successfully."""

    identity: Identity = field(repr=False)


@dataclass(frozen=True, slots=True)
class CardRemoved(DeviceEvent):
    """The card was lifted from the reader (where the reader can tell)."""


@dataclass(frozen=True, slots=True)
class CardError(DeviceEvent):
    """A card was presented but could not be read; ``reason`` is safe to log and show."""

    reason: str
    kind: str = "read_failed"
    """``read_failed``, ``unsupported_card``, ``pin_required``, ``expired`` …"""


Listener = Callable[[DeviceEvent], None]


class Device:
    """Common behaviour: a name, a status, listeners, and start/stop of any background thread."""

    kind: str = "device"

    def __init__(self, name: str | None = None) -> None:
        self.name = name or self.kind
        self._listeners: list[Listener] = []
        self._status = StatusReport(DeviceState.OFFLINE, "not started")
        self._status_lock = threading.Lock()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(event)`` for every event this device publishes (on the device's thread)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``; unknown listeners are ignored."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, event: DeviceEvent) -> None:
        """Deliver ``event`` to every listener; a failing listener never breaks the driver."""
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - a UI bug must not kill a reader thread
                import logging

                logging.getLogger(__name__).exception("listener failed for %s", type(event).__name__)

    @property
    def status(self) -> StatusReport:
        """The latest status report."""
        with self._status_lock:
            return self._status

    def set_status(self, state: DeviceState, reason: str = "") -> None:
        """Record a new status and publish :class:`StatusChanged` when it differs from the last one."""
        report = StatusReport(state, reason)
        with self._status_lock:
            changed = report != self._status
            self._status = report
        if changed:
            self.publish(StatusChanged(self.name, report))

    def start(self) -> None:
        """Open the device and start any background thread; idempotent."""
        self.set_status(DeviceState.READY)

    def stop(self) -> None:
        """Stop background threads and release the device; idempotent."""
        self.set_status(DeviceState.OFFLINE, "stopped")

    def describe(self) -> dict[str, Any]:
        """Plain data for technicians: kind, name, backend, status."""
        s = self.status
        return {
            "kind": self.kind,
            "name": self.name,
            "backend": type(self).__name__,
            "state": s.state.value,
            "reason": s.reason,
        }


class IdCardReader(Device):
    """A reader that publishes :class:`CardRead` / :class:`CardRemoved` / :class:`CardError`."""

    kind = "idcard"


class Camera(Device):
    """A camera whose capture thread keeps only the latest frame."""

    kind = "camera"

    def latest_frame(self) -> Any | None:
        """The most recent frame (a BGR ``numpy`` array) or ``None`` when none has arrived."""
        raise NotImplementedError


class ReceiptPrinter(Device):
    """An ESC/POS receipt printer."""

    kind = "printer"

    def print_job(self, job_id: str, data: bytes) -> Any:
        """Send one job's bytes; a job id already printed is not printed again."""
        raise NotImplementedError


class Speaker(Device):
    """Spoken prompts: interruptible, repeatable, with a volume."""

    kind = "speech"

    def say(self, text: str, language: str = "zh-CN") -> None:
        """Start speaking ``text`` (stops whatever is being spoken first)."""
        raise NotImplementedError

    def stop_speaking(self) -> None:
        """Stop the current utterance, if any."""
        raise NotImplementedError

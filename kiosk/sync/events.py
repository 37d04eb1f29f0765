"""Events the sync worker publishes on the :class:`kiosk.events.EventBus` for the UI (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """Base of the outbox and sync events."""


@dataclass(frozen=True, slots=True)
class ApplicationQueued(SyncEvent):
    """An application is durable in the outbox; ``local_ref`` goes on an offline receipt."""

    local_ref: str
    item_code: str


@dataclass(frozen=True, slots=True)
class ApplicationSent(SyncEvent):
    """The platform accepted the application and gave it a case number (办件编号)."""

    local_ref: str
    case_no: str
    promised_date: str = ""


@dataclass(frozen=True, slots=True)
class ApplicationRetrying(SyncEvent):
    """Delivery failed for now; the outbox tries again in ``delay_s`` seconds."""

    local_ref: str
    reason: str
    delay_s: float
    status: int | None = None


@dataclass(frozen=True, slots=True)
class ApplicationFailed(SyncEvent):
    """Delivery failed permanently; the item waits for a technician (``kiosk outbox retry``)."""

    local_ref: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlatformAlert(SyncEvent):
    """The platform refused our credentials or clock (401): a technician should look."""

    reason: str


@dataclass(frozen=True, slots=True)
class OutboxDepth(SyncEvent):
    """How many applications wait, how many failed, and the age of the oldest undelivered one."""

    pending: int
    failed: int
    oldest_age_s: float | None

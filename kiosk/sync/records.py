"""What the outbox hands out: plain records without personal data, except the opened :class:`Envelope`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATES = (PENDING, SENDING, SENT, FAILED)


@dataclass(frozen=True, slots=True)
class QueuedApplication:
    """What :meth:`Outbox.put` returns: the item id and the local reference for the receipt."""

    id: str
    local_ref: str
    idempotency_key: str
    already_queued: bool = False


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """An item as a technician sees it: no personal data."""

    id: str
    local_ref: str
    item_code: str
    state: str
    created_at: float
    updated_at: float
    next_attempt_at: float
    attempts: int
    last_error: str
    case_no: str | None
    sent_at: float | None
    material_count: int
    total_bytes: int

    def as_dict(self) -> dict[str, Any]:
        """The entry as a JSON-able dict."""
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try to deliver an item."""

    at: float
    outcome: str
    http_status: int | None
    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class StoredMaterial:
    """A material sealed on disk, as the sender needs it."""

    idx: int
    role: str
    content_type: str
    size: int
    sha256: str
    upload_id: str
    path: Path
    uploaded: bool
    reencoded: int


@dataclass(frozen=True, slots=True)
class Envelope:
    """A claimed item opened for sending: decrypted payload (in memory only) and its sealed materials."""

    id: str
    local_ref: str
    idempotency_key: str
    item_code: str
    visit_id: str
    payload: dict[str, Any]
    materials: tuple[StoredMaterial, ...]


@dataclass(frozen=True, slots=True)
class Depth:
    """Queue depth for the UI and ``kiosk doctor``."""

    pending: int
    sending: int
    failed: int
    oldest_age_s: float | None

    @property
    def waiting(self) -> int:
        """Items not yet delivered and not failed."""
        return self.pending + self.sending


def _row_entry(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        row["id"],
        row["local_ref"],
        row["item_code"],
        row["state"],
        row["created_at"],
        row["updated_at"],
        row["next_attempt_at"],
        row["attempts"],
        row["last_error"],
        row["case_no"],
        row["sent_at"],
        row["material_count"],
        row["total_bytes"],
    )

"""What the current application journey has chosen and produced that is *not* personal data.

Personal data lives in :class:`kiosk.draft.ApplicationDraft` (identity, answers, form, materials,
licences, signature, face photo, phone, delivery) and is wiped with the session; this holds the target, the
submission's references and flags, and is reset at the same moment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.catalog import Plan


@dataclass
class JourneyState:
    """Non-personal state of one journey (reset when the session ends)."""

    visit_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Unique per journey; the outbox's idempotency and the rating's visit id derive from it."""
    target_code: str = ""
    """The service item or bundle code chosen in the catalog."""
    target_kind: str = ""
    """``item`` or ``bundle``."""
    plan: Plan | None = None
    """The catalog's :class:`~kiosk.catalog.Plan` for the target and the answers so far."""
    face_verified: bool | None = None
    """Result of the platform's face verification (None: not done)."""
    local_ref: str = ""
    """The outbox's local reference once submitted (offline receipts carry it)."""
    case_no: str = ""
    """The platform's case number once delivered."""
    promised_date: str = ""
    receipt_printed: bool = False
    rating_sent: bool = False

    def reset(self) -> None:
        """Start afresh with a new visit id."""
        fresh = JourneyState()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

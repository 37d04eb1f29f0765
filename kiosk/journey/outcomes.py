"""What the end of the application journey reports: its constants, its error and its events.

The events carry no personal data; each names the visit it belongs to so a screen ignores a late
answer for a previous citizen.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import KioskError

SIGNATURE_FIELD_VALUE = "kiosk-signature-pad"
"""What a form's ``signature`` field carries: the signature itself goes as a material (role signature)."""
DELIVERY_KINDS = ("pickup", "post")
RATING_LEVELS = (1, 2, 3, 4, 5)
RATING_REASONS: dict[str, tuple[str, ...]] = {
    "good": ("fast", "clear_guide", "easy_screens", "no_copies", "helpful_staff"),
    "bad": ("slow", "unclear_guide", "hard_screens", "device_fault", "too_many_materials"),
}
"""Reason keys offered for good (4-5) and bad (1-3) ratings; texts are in the ``rating`` locale table."""
COMMENT_MAX = 500


class SubmissionError(KioskError):
    """The application cannot be built or queued (says what to fix)."""


# --- events (no personal data) --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SubmissionProgress:
    """Where the submission stands: ``queuing``, ``sending``, ``done`` or ``failed``."""

    visit_id: str
    stage: str
    local_ref: str = ""
    case_no: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class CaseNumberArrived:
    """The case number of an application that was submitted offline arrived later."""

    visit_id: str
    local_ref: str
    case_no: str


@dataclass(frozen=True, slots=True)
class ReceiptPrinted:
    """A receipt print attempt ended; ``message_zh``/``message_en`` say how to get it otherwise."""

    visit_id: str
    printed: bool
    message_zh: str = ""
    message_en: str = ""


@dataclass(frozen=True, slots=True)
class RatingDone:
    """A rating is safe (``sent``: on disk for the platform, which the outbox worker delivers) or could not
    be kept (``reason``)."""

    visit_id: str
    sent: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the review summary: the step that edits it, a label and the (masked) value."""

    step: str
    label: str
    value: str

"""Review, delivery, submission, receipt and rating: the end of the application journey, as one part.

Each concern is its own module — :mod:`~kiosk.journey.review`, :mod:`~kiosk.journey.delivery`,
:mod:`~kiosk.journey.submit`, :mod:`~kiosk.journey.receipt`, :mod:`~kiosk.journey.rating` — and
:class:`Submission` puts them together as ``services.journey.submission``. Long work (queuing, waiting
for the case number, printing, keeping the rating) runs on the part's :class:`~kiosk.jobs.JobRunner`
and reports back with the events of :mod:`~kiosk.journey.outcomes` on ``services.bus``. The
application is durable in the outbox before any network call; when the platform does not answer with
a case number within :attr:`Submission.wait_for_case_s` the receipt carries the outbox's local
reference and says the case number follows. Personal data is only read from ``session.draft``
(memory) and never kept here.
"""

from __future__ import annotations

from kiosk.journey.delivery import DeliveryChoice
from kiosk.journey.outcomes import (
    COMMENT_MAX,
    DELIVERY_KINDS,
    RATING_LEVELS,
    RATING_REASONS,
    SIGNATURE_FIELD_VALUE,
    CaseNumberArrived,
    RatingDone,
    ReceiptPrinted,
    SubmissionError,
    SubmissionProgress,
    SummaryRow,
)
from kiosk.journey.rating import Rating
from kiosk.journey.receipt import ReceiptPrinting
from kiosk.journey.submit import Submitting
from kiosk.journey.values import address_text, captured_pages, sniff_content_type

__all__ = [
    "COMMENT_MAX",
    "DELIVERY_KINDS",
    "RATING_LEVELS",
    "RATING_REASONS",
    "SIGNATURE_FIELD_VALUE",
    "CaseNumberArrived",
    "RatingDone",
    "ReceiptPrinted",
    "Submission",
    "SubmissionError",
    "SubmissionProgress",
    "SummaryRow",
    "address_text",
    "captured_pages",
    "sniff_content_type",
]


class Submission(DeliveryChoice, Submitting, ReceiptPrinting, Rating):
    """Review summary, delivery choice, submission to the outbox, receipt, rating (one per case)."""

    def reset(self) -> None:
        """The session ended: stop watching for a late case number (jobs' events name their visit)."""
        self._stop_watch()

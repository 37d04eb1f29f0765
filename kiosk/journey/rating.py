"""Rating: one rating per visit (and its case), kept on disk for the platform by the outbox worker."""

from __future__ import annotations

import logging

from kiosk.journey.outcomes import COMMENT_MAX, RATING_LEVELS, RATING_REASONS, RatingDone, SubmissionError
from kiosk.journey.review import Review

log = logging.getLogger(__name__)


class Rating(Review):
    """The citizen's rating of the visit."""

    def reasons_for(self, level: int) -> tuple[str, ...]:
        """The reason keys offered for a rating level."""
        return RATING_REASONS["good" if level >= 4 else "bad"]

    def rate(self, level: int, reasons: list[str] | tuple[str, ...] = (), comment: str = "") -> bool:
        """Keep one rating for this visit (and its case) for the platform, as a job; False when
        already rated or running. The outbox worker sends it, offline or not (:mod:`kiosk.sync.ratings`)."""
        if level not in RATING_LEVELS:
            raise SubmissionError(f"rating level must be 1-5, not {level!r}")
        allowed = set(self.reasons_for(level))
        unknown = [r for r in reasons if r not in allowed]
        if unknown:
            raise SubmissionError(f"unknown reason(s) for level {level}: {', '.join(unknown)}")
        if self.state.rating_sent or self.jobs.busy("rating"):
            return False
        visit = self.state.visit_id
        texts = [self.services.t(f"rating.reason_{r}") for r in reasons]
        started = self.jobs.start(
            "rating", lambda: self._rate_job(visit, level, texts, comment[:COMMENT_MAX]), keep_stale=True
        )
        return started is not None

    def _rate_job(self, visit: str, level: int, reasons: list[str], comment: str) -> RatingDone:
        try:  # store-and-forward: kept on disk, sent with the case number once the platform has the case
            self.services.require_sync().worker.enqueue_rating(visit, level, reasons, comment)
        except Exception as exc:  # noqa: BLE001 - a full disk: the citizen is thanked anyway
            log.warning("rating not kept: %s", type(exc).__name__)
            return RatingDone(visit, False, type(exc).__name__)
        if self.state.visit_id == visit:
            self.state.rating_sent = True
        return RatingDone(visit, True)

    @property
    def rated(self) -> bool:
        """True once this case's rating was sent."""
        return bool(self.state.rating_sent)

"""How a case progresses on the reference platform: received → accepted → in review → approved/rejected.

Approved cases end ``delivered``. Whether a case is approved is decided by a hash of its number (about one
in ten is rejected), so demos and tests see both endings deterministically.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

RECEIVED, ACCEPTED, IN_REVIEW, APPROVED, REJECTED, DELIVERED = (
    "received",
    "accepted",
    "in_review",
    "approved",
    "rejected",
    "delivered",
)
TERMINAL = frozenset({REJECTED, DELIVERED})


def steps_for(case_no: str) -> tuple[str, ...]:
    """Every status the case will pass through, in order."""
    rejected = hashlib.sha256(case_no.encode()).digest()[0] < 26
    if rejected:
        return (RECEIVED, ACCEPTED, IN_REVIEW, REJECTED)
    return (RECEIVED, ACCEPTED, IN_REVIEW, APPROVED, DELIVERED)


def next_status(case_no: str, current: str) -> str | None:
    """The status after ``current``, or ``None`` when the case is finished."""
    steps = steps_for(case_no)
    index = steps.index(current) if current in steps else len(steps) - 1
    return steps[index + 1] if index + 1 < len(steps) else None


def promised_date(start: date, working_days: int) -> date:
    """``working_days`` working days (Monday-Friday) after ``start``."""
    day, left = start, working_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day

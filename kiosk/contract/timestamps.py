"""Timestamps in bodies (DESIGN.md §4.1): RFC 3339 text with an offset; unix seconds accepted as well."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CHINA = timezone(timedelta(hours=8), "CST")
MAX_UNIX_S = 253402300799.0
"""9999-12-31T23:59:59Z: anything later is not a time."""


def to_unix(value: object) -> float:
    """Unix seconds from RFC 3339 text with an offset (``2026-11-24T09:30:00+08:00``, ``…Z``) or a number."""
    if isinstance(value, bool):
        raise ValueError("a timestamp is RFC 3339 text or unix seconds, not true/false")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("a timestamp is RFC 3339 text with an offset, e.g. 2026-11-24T09:30:00+08:00") from None
        if when.tzinfo is None:
            raise ValueError("an RFC 3339 timestamp needs an offset (Z or +08:00)")
        seconds = when.timestamp()
    else:
        raise ValueError("a timestamp is RFC 3339 text or unix seconds")
    if not 0 <= seconds <= MAX_UNIX_S:
        raise ValueError("timestamp out of range")
    return seconds


def to_rfc3339(seconds: float) -> str:
    """RFC 3339 text in China Standard Time (``+08:00``), to the millisecond when not whole seconds."""
    when = datetime.fromtimestamp(seconds, UTC).astimezone(CHINA)
    spec = "seconds" if when.microsecond == 0 else "milliseconds"
    return when.isoformat(timespec=spec)


Timestamp = Annotated[
    float,
    BeforeValidator(to_unix),
    PlainSerializer(to_rfc3339, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "example": "2026-11-24T09:30:00+08:00"}),
]
"""A point in time: unix seconds in Python, RFC 3339 text on the wire (numbers accepted when reading)."""

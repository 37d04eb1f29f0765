"""Masking of personal data for logs and screens (DESIGN.md §5).

ID numbers keep their first 4 and last 4 characters (``3704**********123X``), phone numbers their
first 3 and last 4 (``138****5678``), names their first character (``张**``). Names cannot be told
apart from other Chinese text by pattern, so the session *remembers* the current citizen's name in a
:class:`Redactor` and every log line is scrubbed of it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def mask_id_number(number: str) -> str:
    """``370481199001011234`` → ``3704**********1234``; short input is masked whole."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; other lengths keep only the last 2 characters."""
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_name(name: str) -> str:
    """``张三丰`` → ``张**``; an empty name stays empty."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """Mask every ID-number-shaped and mobile-phone-shaped run in free text, and the given ``names``
    (e.g. an application's applicant, echoed back in a platform's error message)."""
    for name in sorted((n for n in names if n and len(n) >= 2), key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


class Redactor:
    """Masks patterns plus the personal values it was told about (the current citizen's name…)."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def remember(self, *values: str) -> None:
        """Mask these exact values from now on (names, addresses); values under 2 characters are ignored."""
        with self._lock:
            self._values.update(v for v in values if v and len(v) >= 2)

    def forget_all(self) -> None:
        """Drop every remembered value (called when a session is wiped)."""
        with self._lock:
            self._values.clear()

    def redact(self, text: str) -> str:
        """``text`` with remembered values and ID/phone patterns masked."""
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, mask_name(value))
        return mask_text(text)


REDACTOR = Redactor()
"""The process-wide redactor used by the logging filter."""

"""Resident ID number rules (GB 11643): structure, birth date and the check character."""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits (``ValueError`` when they are not 17 digits)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date_of(number: str) -> date | None:
    """The birth date encoded in positions 7-14, or ``None`` when it is not a real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, IndexError):
        return None


def problem(number: str) -> str | None:
    """Why ``number`` is not a valid ID number (``'length'``, ``'characters'``, ``'birth_date'``,
    ``'check_digit'``), or ``None`` when it is valid. A lowercase ``x`` is accepted as ``X``."""
    number = number.strip().upper()
    if len(number) != 18:
        return "length"
    if not _SHAPE.match(number):
        return "characters"
    if birth_date_of(number) is None:
        return "birth_date"
    if check_char(number[:17]) != number[17]:
        return "check_digit"
    return None


def is_valid(number: str) -> bool:
    """True when ``number`` is a well-formed ID number with a matching check character."""
    return problem(number) is None


def sex_of(number: str) -> str:
    """``'1'`` (male) or ``'2'`` (female) from the sequence digit's parity; ``''`` when unknown."""
    if len(number) < 17 or not number[16].isdigit():
        return ""
    return "1" if int(number[16]) % 2 else "2"

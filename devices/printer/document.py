"""Printer-neutral blocks a receipt or ticket is made of; ``devices.printer.layout`` turns them into bytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, wrapped to the paper width; ``size`` 2 is double width and height, 3 is triple."""

    text: str
    align: Align = "left"
    bold: bool = False
    size: int = 1
    hang: int = 0
    """Columns to indent the lines after the first (bullets, continued values)."""


@dataclass(frozen=True, slots=True)
class Field:
    """``label：value`` with the value wrapped under itself (80 mm) or below the label (58 mm)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line across the paper."""

    char: str = "-"


@dataclass(frozen=True, slots=True)
class QrCode:
    """A centred QR code carrying ``payload`` (ASCII; printed natively or as a raster image)."""

    payload: str


@dataclass(frozen=True, slots=True)
class Barcode:
    """A centred CODE128 barcode of ``data`` (printable ASCII), with the text below it."""

    data: str


@dataclass(frozen=True, slots=True)
class Feed:
    """Blank lines."""

    lines: int = 1


Block = Text | Field | Rule | QrCode | Barcode | Feed

"""Typed errors of the handwriting recogniser (messages in Chinese and English: a technician sees them)."""

from __future__ import annotations

from kiosk.errors import KioskError


class HandwritingError(KioskError):
    """Base of the handwriting errors."""


class EngineUnavailable(HandwritingError):
    """``libzinnia`` or the model file cannot be loaded."""


class BadStrokes(HandwritingError):
    """Strokes are not a list of strokes of ``[x, y]`` points inside the 0-1000 square."""

"""Events cameras publish besides status changes (listeners run on the capture or pipeline thread)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from devices.base import DeviceEvent
from devices.camera.hints import Hint


@dataclass(frozen=True, slots=True)
class CaptureHint(DeviceEvent):
    """Why the current frame is not accepted yet (face or page): show and speak ``hint``."""

    hint: Hint
    purpose: str = "face"
    """``face`` or ``document``."""


@dataclass(frozen=True, slots=True)
class FaceCaptured(DeviceEvent):
    """A face photo passed every gate: JPEG bytes in memory only."""

    jpeg: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class PageCaptured(DeviceEvent):
    """A page was steady, found and flattened; ``corners`` are in the camera frame."""

    page: np.ndarray = field(repr=False)
    corners: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class CodeRead(DeviceEvent):
    """A QR code or barcode was read from the stream (a receipt's progress-query code)."""

    text: str = field(repr=False)
    symbology: str = "QR"

"""Auto-capture of a page: take the picture when the page has been found in the same place for ~0.5 s."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from devices.base import DeviceState
from devices.camera import hints
from devices.camera.capture import CaptureCamera
from devices.camera.document import find_page, flatten_page
from devices.camera.events import CaptureHint, PageCaptured
from devices.camera.hints import Hint

ACCEPTED, TIMEOUT, OFFLINE, CANCELLED = "accepted", "timeout", "camera_offline", "cancelled"


class SteadyPage:
    """Feed it corners as frames arrive; it says when they have stayed put for ``steady_s`` seconds."""

    def __init__(self, steady_s: float = 0.5, tolerance: float = 0.01) -> None:
        self.steady_s = steady_s
        self.tolerance = tolerance
        """Largest corner movement between frames, as a share of the page's diagonal."""
        self._anchor: np.ndarray | None = None
        self._since = 0.0

    def update(self, corners: np.ndarray | None, now: float) -> bool:
        """True when ``corners`` have been steady long enough (``None`` = no page: start again)."""
        if corners is None:
            self._anchor = None
            return False
        if self._anchor is None or self._moved(corners):
            self._anchor, self._since = corners, now
            return self.steady_s <= 0
        return now - self._since >= self.steady_s

    def _moved(self, corners: np.ndarray) -> bool:
        diagonal = float(np.linalg.norm(corners[2] - corners[0])) or 1.0
        return float(np.abs(corners - self._anchor).max()) > self.tolerance * diagonal

    def reset(self) -> None:
        """Forget the page being watched."""
        self._anchor = None


@dataclass(frozen=True)
class PageCaptureResult:
    """Outcome: ``status`` accepted / timeout / camera_offline / cancelled; ``page`` the flat page."""

    status: str
    page: np.ndarray | None = field(default=None, repr=False)
    corners: np.ndarray | None = None
    hint: Hint | None = None

    @property
    def accepted(self) -> bool:
        """True when a page was captured."""
        return self.status == ACCEPTED


def capture_page(
    camera: CaptureCamera,
    *,
    timeout_s: float = 30.0,
    steady_s: float | None = None,
    black_white: bool | None = None,
    cancel: threading.Event | None = None,
) -> PageCaptureResult:
    """Watch ``camera`` until a page is found and steady, then flatten it at full resolution."""
    tuning = camera.tuning
    steady = SteadyPage(float(tuning.get("document_steady_s", 0.5) if steady_s is None else steady_s))
    bw = bool(tuning.get("document_black_white", False) if black_white is None else black_white)
    deadline = time.monotonic() + timeout_s
    seen, last_hint = 0, None

    def tell(hint: Hint) -> None:
        nonlocal last_hint
        if hint is not last_hint:
            last_hint = hint
            camera.publish(CaptureHint(camera.name, hint, "document"))

    while time.monotonic() < deadline:
        if cancel is not None and cancel.is_set():
            return PageCaptureResult(CANCELLED, hint=last_hint)
        got = camera.wait_frame(seen, timeout=min(0.5, max(0.01, deadline - time.monotonic())))
        if got is None:
            if camera.status.state is DeviceState.OFFLINE:
                tell(hints.CAMERA_OFFLINE)
            continue
        seen, frame = got
        corners = find_page(frame)
        if steady.update(corners, time.monotonic()) and corners is not None:
            page = flatten_page(frame, corners, black_white=bw)
            flat = tuple((float(x), float(y)) for x, y in corners)
            camera.publish(PageCaptured(camera.name, page, flat))
            return PageCaptureResult(ACCEPTED, page=page, corners=corners)
        tell(hints.NO_PAGE if corners is None else hints.HOLD_STILL)
    status = OFFLINE if camera.status.state is DeviceState.OFFLINE else TIMEOUT
    return PageCaptureResult(status, hint=hints.CAMERA_OFFLINE if status == OFFLINE else last_hint)

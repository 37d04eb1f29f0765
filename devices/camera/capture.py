"""The capture thread: one per camera, keeping only the latest frame, reconnecting when the camera returns.

Readers never block the thread and the thread never queues frames: :meth:`CaptureCamera.latest_frame`
answers the newest frame at once, :meth:`CaptureCamera.wait_frame` waits for one newer than the frame
number the caller last saw. Status follows what the thread sees: ``ready`` while frames arrive,
``offline`` while the camera cannot be opened or stopped answering (retried every ``reconnect_s``),
``degraded`` on black frames or frames arriving far slower than requested.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

import numpy as np

from devices.base import Camera, DeviceState
from devices.camera.sources import FrameSource, pace
from devices.errors import DeviceError

log = logging.getLogger(__name__)

BLACK_LEVEL = 8.0
"""Mean grey level under which a frame counts as black (lens covered, sensor dead)."""

BLACK_RUN = 5
"""Consecutive black frames before the camera is reported degraded."""


class CaptureCamera(Camera):
    """Base of every camera backend: subclasses only say how to build their :class:`FrameSource`."""

    def __init__(
        self,
        name: str | None = None,
        *,
        source: str = "",
        width: int = 640,
        height: int = 480,
        fps: int = 15,
        reconnect_s: float = 1.0,
        **tuning: Any,
    ) -> None:
        super().__init__(name)
        self.source = str(source)
        self.width, self.height, self.fps = int(width), int(height), int(fps)
        self.reconnect_s = float(reconnect_s)
        self.tuning: dict[str, Any] = dict(tuning)
        """Settings for the face, document and QR pipelines (``face_*``, ``document_*`` …)."""
        self._frame: np.ndarray | None = None
        self._frame_number = 0
        self._frame_time = 0.0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._arrivals: deque[float] = deque(maxlen=10)

    def make_source(self) -> FrameSource:
        """Build the frame source this camera reads (called on every (re)connect)."""
        raise NotImplementedError

    # --- what consumers call -------------------------------------------------------------------

    def latest_frame(self) -> np.ndarray | None:
        """The newest BGR frame (treat it as read-only; it is replaced, never modified) or ``None``."""
        with self._cond:
            return self._frame

    @property
    def frame_number(self) -> int:
        """How many frames have arrived since start (0 = none yet)."""
        with self._cond:
            return self._frame_number

    def wait_frame(self, after: int = 0, timeout: float = 1.0) -> tuple[int, np.ndarray] | None:
        """Wait for a frame numbered above ``after``: ``(number, frame)``, or ``None`` on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._frame_number <= after or self._frame is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return None
                self._cond.wait(remaining)
            return self._frame_number, self._frame

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the capture thread (idempotent); the status turns ready with the first frame."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self.set_status(DeviceState.OFFLINE, "starting")
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread, release the camera and forget the last frame (it may show a citizen)."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._cond:
            self._frame = None
        self.set_status(DeviceState.OFFLINE, "stopped")

    # --- the thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        source: FrameSource | None = None
        black_run = 0
        last = time.monotonic()
        while not self._stop.is_set():
            if source is None:
                try:
                    source = self.make_source()
                    source.open()
                except Exception as exc:  # noqa: BLE001 - keep retrying whatever the driver raised
                    if source is not None:
                        source.close()
                    source = None
                    reason = exc.message if isinstance(exc, DeviceError) else f"{type(exc).__name__}: {exc}"
                    self.set_status(DeviceState.OFFLINE, f"camera not available: {reason}")
                    self._stop.wait(self.reconnect_s)
                    continue
                self._arrivals.clear()
                log.info("camera %s opened %s", self.name, source.description)
            try:
                frame = source.read()
                if frame is None or frame.ndim not in (2, 3) or frame.size == 0:
                    raise DeviceError("the driver returned an empty frame", device=self.name)
            except Exception as exc:  # noqa: BLE001 - a driver fault must not end the capture thread
                if not isinstance(exc, DeviceError):
                    log.warning("camera %s: %s while reading; reconnecting", self.name, type(exc).__name__)
                source.close()
                source = None
                with self._cond:
                    self._frame = None  # a frozen picture must not pass for the live view
                reason = exc.message if isinstance(exc, DeviceError) else type(exc).__name__
                self.set_status(DeviceState.OFFLINE, f"camera lost: {reason}")
                self._stop.wait(self.reconnect_s)
                continue
            if not source.paced:
                last = pace(last, self.fps)
            black_run = black_run + 1 if float(frame[::8, ::8].mean()) < BLACK_LEVEL else 0
            self._store(frame)
            self._update_status(black_run)
        if source is not None:
            source.close()

    def _store(self, frame: np.ndarray) -> None:
        now = time.monotonic()
        self._arrivals.append(now)
        with self._cond:
            self._frame = frame
            self._frame_number += 1
            self._frame_time = now
            self._cond.notify_all()

    def measured_fps(self) -> float:
        """Frames per second over the last few frames (0 before two frames arrived)."""
        if len(self._arrivals) < 2:
            return 0.0
        span = self._arrivals[-1] - self._arrivals[0]
        return (len(self._arrivals) - 1) / span if span > 0 else float(self.fps)

    def _update_status(self, black_run: int) -> None:
        if black_run >= BLACK_RUN:
            self.set_status(DeviceState.DEGRADED, "black frames: lens covered or sensor fault")
            return
        rate = self.measured_fps()
        if len(self._arrivals) >= 4 and rate < self.fps / 3:
            self.set_status(DeviceState.DEGRADED, f"slow frames: {rate:.1f} fps of {self.fps} requested")
            return
        self.set_status(DeviceState.READY)

    def describe(self) -> dict[str, Any]:
        """Status plus source and frame rate, for technicians."""
        info = super().describe()
        info.update(source=self.source, fps=round(self.measured_fps(), 1), frames=self.frame_number)
        return info

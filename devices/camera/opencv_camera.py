"""Real cameras through OpenCV: a device index, a V4L2 path, a video file or a folder of stills."""

from __future__ import annotations

from typing import Any

from devices.camera.capture import CaptureCamera
from devices.camera.sources import FrameSource, source_for


class OpenCvCamera(CaptureCamera):
    """A camera read with ``cv2.VideoCapture`` (or a still folder when ``source`` is a directory)."""

    def __init__(self, name: str | None = None, *, source: str = "0", hold_s: float = 2.0, **options: Any) -> None:
        super().__init__(name, source=source or "0", **options)
        self.hold_s = float(hold_s)

    def make_source(self) -> FrameSource:
        """Source named by the config; requested size and rate are passed to the driver."""
        return source_for(self.source, width=self.width, height=self.height, fps=self.fps, hold_s=self.hold_s)

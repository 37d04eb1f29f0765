"""Where frames come from: a device (index or V4L2 path), a video file, or a folder of stills and clips.

A source is opened, read frame by frame and closed by the capture thread only. ``open`` and ``read``
raise :class:`~devices.errors.DeviceUnavailable` when the camera is missing or vanished; the thread
then closes it and opens it again later (that is the whole reconnect logic).
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from devices.errors import ConfigurationError, DeviceUnavailable

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")
VIDEO_SUFFIXES = (".avi", ".mp4", ".mkv", ".mov", ".webm")


class FrameSource:
    """Base: ``open``, ``read`` and ``close``; ``paced`` says whether ``read`` already waits for the next frame."""

    paced = True
    description = "frame source"

    def open(self) -> None:
        """Open the device or file; raises ``DeviceUnavailable`` when it is not there."""

    def read(self) -> np.ndarray:
        """The next BGR frame; raises ``DeviceUnavailable`` when the source vanished."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the device or file; idempotent."""


def _device_spec(spec: str) -> int | str:
    return int(spec) if spec.strip().isdigit() else spec


class VideoCaptureSource(FrameSource):
    """A camera (index or ``/dev/videoN``) or a video file through ``cv2.VideoCapture``; files loop."""

    def __init__(self, spec: str, width: int = 640, height: int = 480, fps: int = 15) -> None:
        self.spec = _device_spec(spec)
        self.is_file = isinstance(self.spec, str) and not self.spec.startswith("/dev/")
        self.paced = not self.is_file  # a camera blocks until its next frame; a file must be paced
        self.width, self.height, self.fps = width, height, fps
        self.description = f"{'video file' if self.is_file else 'camera'} {self.spec}"
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        """Open the device (requesting size and rate) or the file."""
        self.close()
        if self.is_file and not Path(str(self.spec)).is_file():
            raise DeviceUnavailable(f"video file {self.spec} not found", device="camera")
        cap = cv2.VideoCapture(self.spec)
        if not cap.isOpened():
            cap.release()
            raise DeviceUnavailable(f"cannot open {self.description}", device="camera")
        if not self.is_file:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_FPS, self.fps)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # keep the driver from queueing stale frames
        self._cap = cap

    def read(self) -> np.ndarray:
        """Next frame; a file that ends is reopened (so it also notices when the file is gone)."""
        if self._cap is None:
            raise DeviceUnavailable(f"{self.description} is not open", device="camera")
        ok, frame = self._cap.read()
        if ok and frame is not None:
            return frame
        if self.is_file:
            self.open()
            ok, frame = self._cap.read()
            if ok and frame is not None:
                return frame
        raise DeviceUnavailable(f"{self.description} stopped delivering frames", device="camera")

    def close(self) -> None:
        """Release the capture."""
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class StillFolderSource(FrameSource):
    """Plays a folder in name order: each still is held for ``hold_s`` seconds, each clip plays once."""

    paced = False

    def __init__(self, folder: str | Path, hold_s: float = 2.0, fps: int = 15) -> None:
        self.folder = Path(folder)
        self.hold_frames = max(1, round(hold_s * fps))
        self.description = f"image folder {self.folder}"
        self._items: list[Path] = []
        self._index = 0
        self._repeat = 0
        self._still: np.ndarray | None = None
        self._clip: cv2.VideoCapture | None = None

    def open(self) -> None:
        """List the folder; an empty or missing folder is an unavailable camera."""
        self.close()
        if not self.folder.is_dir():
            raise DeviceUnavailable(f"{self.description} not found", device="camera")
        self._items = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES + VIDEO_SUFFIXES)
        if not self._items:
            raise DeviceUnavailable(f"{self.description} holds no images or videos", device="camera")
        self._index, self._repeat = 0, 0

    def read(self) -> np.ndarray:
        """The current still again, the next frame of the current clip, or the next item."""
        for _ in range(2 * len(self._items) + 2):
            frame = self._current()
            if frame is not None:
                return frame
            self._advance()
        raise DeviceUnavailable(f"{self.description}: no readable image", device="camera")

    def _current(self) -> np.ndarray | None:
        if not self._items:
            raise DeviceUnavailable(f"{self.description} is not open", device="camera")
        item = self._items[self._index]
        if item.suffix.lower() in VIDEO_SUFFIXES:
            if self._clip is None:
                self._clip = cv2.VideoCapture(str(item))
            ok, frame = self._clip.read()
            return frame if ok else None
        if self._still is None:
            if not item.exists():
                raise DeviceUnavailable(f"{item} vanished", device="camera")
            self._still = cv2.imread(str(item), cv2.IMREAD_COLOR)
            if self._still is None:
                return None
        if self._repeat >= self.hold_frames:
            return None
        self._repeat += 1
        return self._still

    def _advance(self) -> None:
        if self._clip is not None:
            self._clip.release()
            self._clip = None
        self._still, self._repeat = None, 0
        self._index = (self._index + 1) % len(self._items)

    def close(self) -> None:
        """Forget the playlist."""
        if self._clip is not None:
            self._clip.release()
            self._clip = None
        self._still, self._items = None, []


def source_for(spec: str, *, width: int = 640, height: int = 480, fps: int = 15, hold_s: float = 2.0) -> FrameSource:
    """The source a config ``source`` string names: folder → stills, otherwise ``cv2.VideoCapture``."""
    spec = str(spec).strip()
    if not spec:
        raise ConfigurationError(
            "camera source is empty: give an index, /dev/videoN, a file or a folder", device="camera"
        )
    if Path(spec).is_dir():
        return StillFolderSource(spec, hold_s=hold_s, fps=fps)
    return VideoCaptureSource(spec, width=width, height=height, fps=fps)


def pace(last: float, fps: int) -> float:
    """Sleep until one frame interval after ``last``; returns the new timestamp."""
    interval = 1.0 / max(1, fps)
    delay = last + interval - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    return time.monotonic()

"""Simulated camera: plays a folder of stills and clips (the shipped samples by default), with faults.

Technicians and tests use it like a real camera: the same capture thread, reconnect and status logic
run. Faults: :meth:`SimulatedCamera.lose` (camera unplugged until :meth:`restore`), black frames and
slow frames (``inject("black")``, ``inject("slow")``), also settable from the config (``fault = "black"``).
:meth:`SimulatedCamera.show` pins one image (a test's face or page) in place of the playlist.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from devices.camera.capture import CaptureCamera
from devices.camera.samples import FOLDER as SAMPLES
from devices.camera.sources import FrameSource, StillFolderSource
from devices.errors import ConfigurationError, DeviceUnavailable

FAULTS = ("lost", "black", "slow")


class _FaultySource(FrameSource):
    """Wraps the folder player and applies the camera's current faults on every open and read."""

    paced = False

    def __init__(self, camera: SimulatedCamera, inner: StillFolderSource) -> None:
        self.camera = camera
        self.inner = inner
        self.description = f"simulated {inner.description}"

    def open(self) -> None:
        if "lost" in self.camera.faults:
            raise DeviceUnavailable("simulated camera unplugged", device=self.camera.name)
        self.inner.open()

    def read(self) -> np.ndarray:
        faults = self.camera.faults
        if "lost" in faults:
            raise DeviceUnavailable("simulated camera unplugged", device=self.camera.name)
        if "slow" in faults:
            time.sleep(self.camera.slow_ms / 1000)
        pinned = self.camera.pinned
        frame = pinned if pinned is not None else self.inner.read()
        if "black" in faults:
            return np.zeros_like(frame)
        return frame

    def close(self) -> None:
        self.inner.close()


class SimulatedCamera(CaptureCamera):
    """A camera with no hardware: plays ``source`` (a folder; empty = bundled samples) with faults."""

    def __init__(
        self,
        name: str | None = None,
        *,
        source: str = "",
        hold_s: float = 2.0,
        fault: str = "",
        slow_ms: int = 400,
        **options: Any,
    ) -> None:
        super().__init__(name, source=source, **options)
        self.folder = Path(source) if source else SAMPLES
        self.hold_s = float(hold_s)
        self.slow_ms = int(slow_ms)
        self._faults: set[str] = set()
        self._pinned: np.ndarray | None = None
        self._lock = threading.Lock()
        if fault:
            self.inject(fault)

    def make_source(self) -> FrameSource:
        """The folder player wrapped in the fault injector."""
        return _FaultySource(self, StillFolderSource(self.folder, hold_s=self.hold_s, fps=self.fps))

    @property
    def faults(self) -> frozenset[str]:
        """Faults in force now."""
        with self._lock:
            return frozenset(self._faults)

    @property
    def pinned(self) -> np.ndarray | None:
        """The image shown instead of the playlist, if any."""
        with self._lock:
            return self._pinned

    def inject(self, fault: str) -> None:
        """Turn on a fault: ``lost``, ``black`` or ``slow``."""
        if fault not in FAULTS:
            raise ConfigurationError(f"unknown camera fault {fault!r}; allowed: {', '.join(FAULTS)}", device=self.name)
        with self._lock:
            self._faults.add(fault)

    def clear(self, fault: str | None = None) -> None:
        """Turn off one fault, or all of them."""
        with self._lock:
            if fault is None:
                self._faults.clear()
            else:
                self._faults.discard(fault)

    def lose(self) -> None:
        """Simulate the camera being unplugged."""
        self.inject("lost")

    def restore(self) -> None:
        """Simulate the camera being plugged back in."""
        self.clear("lost")

    def show(self, image: np.ndarray | None) -> None:
        """Show ``image`` (BGR) on every frame until ``show(None)`` returns to the playlist."""
        if image is not None and image.ndim == 2:
            image = np.repeat(image[..., None], 3, axis=2)  # cameras deliver BGR
        with self._lock:
            self._pinned = None if image is None else np.ascontiguousarray(image)

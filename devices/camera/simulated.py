"""Simulated camera placeholder: yields no frames until the camera issue adds the still-image player."""

from __future__ import annotations

from typing import Any

from devices.base import Camera, DeviceState


class SimulatedCamera(Camera):
    """A camera that is ready and has no frame yet."""

    def __init__(self, name: str | None = None, **_options: object) -> None:
        super().__init__(name)

    def start(self) -> None:
        """Ready at once."""
        self.set_status(DeviceState.READY)

    def latest_frame(self) -> Any | None:
        """No frame."""
        return None

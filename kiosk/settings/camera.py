"""``[devices.camera]``: face camera and document camera."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.settings.section import Section


class CameraSection(Section):
    """A camera's backend and source."""

    backend: Literal["simulated", "opencv"] = Field("simulated", description="simulated or opencv.")
    source: str = Field("", description="Device index (0), V4L2 path, video file or image folder; "
                        "empty = the simulator's bundled images.")
    width: int = Field(640, ge=160, le=4096, description="Requested frame width.")
    height: int = Field(480, ge=120, le=4096, description="Requested frame height.")
    fps: int = Field(15, ge=1, le=60, description="Requested frames per second.")

"""``[devices.camera]``: the camera, its face quality gates, page capture and material size budget."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kiosk.settings.section import Section


class CameraSection(Section):
    """A camera's backend and source, and how strict face and page capture are."""

    backend: Literal["simulated", "opencv"] = Field("simulated", description="simulated or opencv.")
    source: str = Field(
        "",
        description="Device index (0), V4L2 path, video file or image folder; "
        "empty = the simulator's bundled images (opencv: camera 0).",
    )
    width: int = Field(640, ge=160, le=4096, description="Requested frame width.")
    height: int = Field(480, ge=120, le=4096, description="Requested frame height.")
    fps: int = Field(15, ge=1, le=60, description="Requested frames per second.")
    reconnect_s: float = Field(
        1.0, ge=0.1, le=60.0, description="Seconds between attempts to reopen a camera that is missing or vanished."
    )
    hold_s: float = Field(
        2.0,
        ge=0.1,
        le=60.0,
        description="Seconds each still image of an image folder is shown (simulator and folder sources).",
    )
    fault: Literal["", "lost", "black", "slow"] = Field(
        "", description="Simulator only: start with this fault injected (technician rehearsal)."
    )
    face_timeout_s: float = Field(
        20.0, ge=2.0, le=120.0, description="Seconds face capture waits for a good frame before giving up."
    )
    face_min_width: float = Field(
        0.2, gt=0.02, lt=1.0, description="Smallest face width as a share of the frame width (below: 请靠近一点)."
    )
    face_max_width: float = Field(0.75, gt=0.05, le=1.0, description="Largest face width share (above: 请稍微后退).")
    face_max_offset: float = Field(
        0.2,
        gt=0.0,
        le=0.5,
        description="Largest distance of the face centre from the frame centre, as a share of the frame.",
    )
    face_min_brightness: float = Field(
        60.0, ge=0, le=255, description="Darkest mean grey level of the face (below: 光线太暗)."
    )
    face_max_brightness: float = Field(
        215.0, ge=0, le=255, description="Brightest mean grey level of the face (above: 光线太亮)."
    )
    face_min_sharpness: float = Field(
        40.0, ge=0, description="Least variance of the Laplacian of the face at 128×128 (below: 请保持不动)."
    )
    face_jpeg_quality: int = Field(
        90, ge=50, le=100, description="JPEG quality of the face photo sent for verification."
    )
    document_steady_s: float = Field(
        0.5, ge=0.0, le=5.0, description="Seconds a page must lie still before it is captured."
    )
    document_black_white: bool = Field(
        False, description="Turn captured pages into black-and-white (smaller, for plain text)."
    )
    material_budget_kb: int = Field(
        2048, ge=50, le=51200, description="Largest size of one material (its PDF, and its JPEGs together) in KB."
    )

    @model_validator(mode="after")
    def _ranges(self) -> CameraSection:
        if self.face_min_width >= self.face_max_width:
            raise ValueError("face_min_width must be smaller than face_max_width")
        if self.face_min_brightness >= self.face_max_brightness:
            raise ValueError("face_min_brightness must be smaller than face_max_brightness")
        return self

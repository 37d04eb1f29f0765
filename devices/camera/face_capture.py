"""Face capture on a running camera: wait for a frame that passes the gates, with hints meanwhile.

Blocking by design: the kiosk runs it on a worker thread. Hints are published on the camera as
:class:`~devices.camera.events.CaptureHint` whenever the reason changes; the result carries the cropped
face as JPEG bytes in memory (it goes to the platform, never to disk).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from devices.base import DeviceState
from devices.camera import hints
from devices.camera.capture import CaptureCamera
from devices.camera.events import CaptureHint, FaceCaptured
from devices.camera.face import FaceAssessment, FaceDetector, FaceGates, assess_face, crop_face, encode_jpeg
from devices.camera.hints import Hint

ACCEPTED, TIMEOUT, OFFLINE, CANCELLED = "accepted", "timeout", "camera_offline", "cancelled"


@dataclass(frozen=True)
class FaceCaptureResult:
    """Outcome: ``status`` is accepted, timeout, camera_offline or cancelled; ``hint`` the last reason."""

    status: str
    jpeg: bytes | None = field(default=None, repr=False)
    hint: Hint | None = None
    assessment: FaceAssessment | None = None
    frames: int = 0

    @property
    def accepted(self) -> bool:
        """True when a photo was taken."""
        return self.status == ACCEPTED


def gates_from(tuning: dict) -> FaceGates:
    """Face gates from the camera's ``face_*`` settings (missing keys keep their defaults)."""
    names = {
        "face_min_width": "min_width",
        "face_max_width": "max_width",
        "face_max_offset": "max_offset",
        "face_min_brightness": "min_brightness",
        "face_max_brightness": "max_brightness",
        "face_min_sharpness": "min_sharpness",
    }
    return FaceGates(**{attr: float(tuning[key]) for key, attr in names.items() if key in tuning})


def capture_face(
    camera: CaptureCamera,
    *,
    timeout_s: float | None = None,
    gates: FaceGates | None = None,
    best_of_s: float = 0.4,
    jpeg_quality: int | None = None,
    cancel: threading.Event | None = None,
    detector: FaceDetector | None = None,
) -> FaceCaptureResult:
    """Watch ``camera`` until a frame passes (then keep the sharpest for ``best_of_s``) or time runs out."""
    tuning = camera.tuning
    timeout_s = float(tuning.get("face_timeout_s", 20.0) if timeout_s is None else timeout_s)
    gates = gates or gates_from(tuning)
    quality = int(tuning.get("face_jpeg_quality", 90) if jpeg_quality is None else jpeg_quality)
    detector = detector or FaceDetector()
    deadline = time.monotonic() + timeout_s
    seen, frames, last_hint = 0, 0, None
    best = None  # (assessment, frame)
    best_until = 0.0
    while True:
        now = time.monotonic()
        if best is not None and now >= best_until:
            break
        if now >= deadline:
            if best is not None:
                break
            status = OFFLINE if camera.status.state is DeviceState.OFFLINE else TIMEOUT
            hint = hints.CAMERA_OFFLINE if status == OFFLINE else last_hint
            return FaceCaptureResult(status, hint=hint, frames=frames)
        if cancel is not None and cancel.is_set():
            return FaceCaptureResult(CANCELLED, hint=last_hint, frames=frames)
        got = camera.wait_frame(seen, timeout=min(0.5, max(0.01, deadline - now)))
        if got is None:
            if camera.status.state is DeviceState.OFFLINE and last_hint is not hints.CAMERA_OFFLINE:
                last_hint = hints.CAMERA_OFFLINE
                camera.publish(CaptureHint(camera.name, last_hint, "face"))
            continue
        seen, frame = got
        frames += 1
        verdict = assess_face(frame, detector, gates)
        if verdict.accepted:
            if best is None:
                best_until = time.monotonic() + best_of_s
            if best is None or verdict.sharpness > best[0].sharpness:
                best = (verdict, frame)
        elif verdict.hint is not None and verdict.hint is not last_hint and best is None:
            last_hint = verdict.hint
            camera.publish(CaptureHint(camera.name, verdict.hint, "face"))
    verdict, frame = best
    if verdict.box is None:  # an accepted verdict always has its face box
        raise RuntimeError("accepted face verdict without a box")
    jpeg = encode_jpeg(crop_face(frame, verdict.box), quality)
    camera.publish(FaceCaptured(camera.name, jpeg))
    return FaceCaptureResult(ACCEPTED, jpeg=jpeg, assessment=verdict, frames=frames)

"""Face quality gates: is this frame good enough to send for verification, and if not, why not.

Detector choice: OpenCV's Haar cascades shipped in the 4.x wheels (``cv2.data.haarcascades``; the
project pins ``opencv-python-headless<5`` for them). They are fast enough on one core at 320×240, need no
model download and are redistributable with OpenCV. The frontal cascade finds faces turned less than
about 20°, which is the "roughly frontal" gate; when it finds nothing, the profile cascade (both
directions) tells a turned head (请正对屏幕) from no face at all. YuNet (``cv2.FaceDetectorYN``) is
more accurate but needs a model file that no PyPI package we use ships; it can replace
:class:`FaceDetector` behind the same ``detect`` method.

Other gates: exactly one face, its width a share of the frame's, its centre near the frame's,
brightness of the face (mean grey level), sharpness as the variance of the Laplacian of the face
resized to 128×128 (so the figure does not depend on resolution).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.camera import hints
from devices.camera.hints import Hint

DETECT_WIDTH = 320
"""Frames are scaled to this width for detection. Faces narrower than 36 px there (11 % of the frame) are
not found at all, so 请靠近一点 is said for faces between 11 % and ``min_width``; smaller ones count as none."""

PROFILE_WIDTH = 240
"""Width for the profile cascade: a turned head near the kiosk is large, so a coarser copy suffices."""

PROFILE_EVERY = 3
"""Run the profile cascade on every n-th frame without a frontal face (see ``profile_seen``)."""


@dataclass(frozen=True)
class FaceGates:
    """Thresholds a frame must pass (config ``[devices.camera]`` ``face_*`` keys)."""

    min_width: float = 0.2
    """Face width as a share of the frame width, at least."""
    max_width: float = 0.75
    """... and at most (closer than that crops the chin)."""
    max_offset: float = 0.2
    """Distance of the face centre from the frame centre, as a share of frame width / height."""
    min_brightness: float = 60.0
    """Mean grey level of the face, at least."""
    max_brightness: float = 215.0
    """... and at most."""
    min_sharpness: float = 40.0
    """Variance of the Laplacian of the face at 128×128."""


@dataclass(frozen=True)
class FaceAssessment:
    """The verdict on one frame: ``hint`` is ``None`` when accepted; ``box`` is (x, y, w, h) in pixels."""

    hint: Hint | None
    box: tuple[int, int, int, int] | None = None
    faces: int = 0
    sharpness: float = 0.0
    brightness: float = 0.0
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """True when every gate passed."""
        return self.hint is None


class FaceDetector:
    """Haar frontal + profile cascades on a 320-px-wide grey copy; one instance per thread."""

    def __init__(self) -> None:
        base = cv2.data.haarcascades  # type: ignore[attr-defined]  # cv2 stubs lack the data module
        self._frontal = cv2.CascadeClassifier(base + "haarcascade_frontalface_default.xml")
        self._profile = cv2.CascadeClassifier(base + "haarcascade_profileface.xml")
        self._profile_calls = 0
        self._profile_last = False
        if self._frontal.empty() or self._profile.empty():
            raise RuntimeError("OpenCV Haar cascades missing: install opencv-python-headless<5")

    @staticmethod
    def _grey(frame: np.ndarray, width: int = DETECT_WIDTH) -> tuple[np.ndarray, float]:
        h, w = frame.shape[:2]
        scale = width / w
        small = cv2.resize(frame, (width, max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        grey = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        return cv2.equalizeHist(grey), scale

    def detect(self, frame: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Frontal faces as (x, y, w, h) boxes in ``frame`` pixels, largest first."""
        grey, scale = self._grey(frame)
        found = self._frontal.detectMultiScale(grey, scaleFactor=1.15, minNeighbors=5, minSize=(36, 36))
        boxes = [(int(round(x / scale)), int(round(y / scale)), int(round(w / scale)), int(round(h / scale)))
                 for x, y, w, h in found]  # fmt: skip
        return sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)

    def profile_seen(self, frame: np.ndarray) -> bool:
        """True when a face turned sideways (either way) is in ``frame``.

        The profile cascade costs as much as the frontal one, so on a stream it runs on every third
        frame without a frontal face and the answer is reused in between (a turned head stays turned).
        """
        self._profile_calls += 1
        if self._profile_calls % PROFILE_EVERY != 1 and PROFILE_EVERY > 1:
            return self._profile_last
        grey, _ = self._grey(frame, PROFILE_WIDTH)
        self._profile_last = False
        for image in (grey, cv2.flip(grey, 1)):
            if len(self._profile.detectMultiScale(image, scaleFactor=1.15, minNeighbors=3, minSize=(45, 45))):
                self._profile_last = True
                break
        return self._profile_last


def face_region(frame: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The grey face inside ``box`` at 128×128."""
    x, y, w, h = box
    crop = frame[max(0, y) : y + h, max(0, x) : x + w]
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA)


def sharpness(grey_face: np.ndarray) -> float:
    """Variance of the Laplacian: low when the picture is blurred or the face moved."""
    return float(cv2.Laplacian(grey_face, cv2.CV_32F).var())


def assess_face(frame: np.ndarray, detector: FaceDetector, gates: FaceGates = FaceGates()) -> FaceAssessment:
    """Run every gate on ``frame`` (BGR) and say the first reason it fails, or accept it."""
    if frame is None or frame.ndim not in (2, 3) or frame.shape[0] < 48 or frame.shape[1] < 64:
        return FaceAssessment(hints.NO_FACE)
    fh, fw = frame.shape[:2]
    boxes = detector.detect(frame)
    small_face = gates.min_width * 0.5 * fw  # people passing far behind do not count
    boxes = [b for b in boxes if b[2] >= small_face] or boxes[:1]
    if not boxes:
        overall = float(np.mean(frame))
        if overall < gates.min_brightness * 0.6:
            return FaceAssessment(hints.TOO_DARK, brightness=overall)
        if detector.profile_seen(frame):
            return FaceAssessment(hints.NOT_FRONTAL)
        return FaceAssessment(hints.NO_FACE, brightness=overall)
    if len(boxes) > 1:
        return FaceAssessment(hints.MULTIPLE_FACES, boxes[0], faces=len(boxes))
    box = boxes[0]
    x, y, w, h = box
    width_share = w / fw
    offset = max(abs(x + w / 2 - fw / 2) / fw, abs(y + h / 2 - fh / 2) / fh)
    grey = face_region(frame, box)
    bright = float(grey.mean())
    sharp = sharpness(grey)
    metrics = {
        "width_share": round(width_share, 3),
        "offset": round(offset, 3),
        "brightness": round(bright, 1),
        "sharpness": round(sharp, 1),
    }
    verdict = None
    if width_share < gates.min_width:
        verdict = hints.TOO_FAR
    elif width_share > gates.max_width:
        verdict = hints.TOO_CLOSE
    elif offset > gates.max_offset:
        verdict = hints.OFF_CENTRE
    elif bright < gates.min_brightness:
        verdict = hints.TOO_DARK
    elif bright > gates.max_brightness:
        verdict = hints.TOO_BRIGHT
    elif sharp < gates.min_sharpness:
        verdict = hints.BLURRY
    return FaceAssessment(verdict, box, faces=1, sharpness=sharp, brightness=bright, metrics=metrics)


def crop_face(frame: np.ndarray, box: tuple[int, int, int, int], margin: float = 0.45) -> np.ndarray:
    """The face with ``margin`` (share of the box) on every side, clipped to the frame."""
    fh, fw = frame.shape[:2]
    x, y, w, h = box
    dx, dy = int(w * margin), int(h * margin)
    top = max(0, y - dy)
    bottom = min(fh, y + h + int(dy * 1.2))  # a little more below: chin and collar
    return frame[top:bottom, max(0, x - dx) : min(fw, x + w + dx)].copy()


def encode_jpeg(image: np.ndarray, quality: int = 90) -> bytes:
    """JPEG bytes in memory (the face photo never touches the disk)."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - only on an empty image, which callers never pass
        raise ValueError("JPEG encoding failed")
    return data.tobytes()

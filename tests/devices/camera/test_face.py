"""Face quality gates on real face photos: images that must pass and images that must fail, per reason."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from devices.camera import hints
from devices.camera.face import FaceDetector, FaceGates, assess_face, crop_face, encode_jpeg


def _canvas(face: np.ndarray, size=(640, 480), at=None, scale=1.0, background=128) -> np.ndarray:
    """Paste ``face`` scaled by ``scale`` onto a plain canvas, centred or at ``at`` (x, y)."""
    w, h = size
    canvas = np.full((h, w, 3), background, np.uint8)
    small = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    fh, fw = small.shape[:2]
    x, y = at if at is not None else ((w - fw) // 2, (h - fh) // 2)
    canvas[y : y + fh, x : x + fw] = small
    return canvas


def test_good_frame_passes(face_frame, detector):
    verdict = assess_face(face_frame, detector)
    assert verdict.accepted, verdict
    assert verdict.faces == 1
    x, y, w, h = verdict.box
    assert 0.25 < w / 640 < 0.5


def test_good_frame_passes_after_small_moves(face_frame, detector):
    shifted = np.roll(face_frame, 30, axis=1)
    assert assess_face(shifted, detector).accepted


def test_no_face(detector):
    blank = np.full((480, 640, 3), 120, np.uint8)
    assert assess_face(blank, detector).hint is hints.NO_FACE


def test_more_than_one_face(face_frame, detector):
    half = cv2.resize(face_frame, (320, 240))
    two = np.full((480, 640, 3), 128, np.uint8)
    two[120:360, 0:320] = half
    two[120:360, 320:640] = half
    verdict = assess_face(two, detector, FaceGates(min_width=0.15))
    assert verdict.hint is hints.MULTIPLE_FACES
    assert verdict.faces == 2


def test_too_far(astronaut, detector):
    frame = _canvas(astronaut[0:240, 90:410], scale=0.9)  # face ≈ 15 % of the width
    assert assess_face(frame, detector).hint is hints.TOO_FAR


def test_too_close(astronaut, detector):
    face = astronaut[40:200, 140:320]  # the face fills the frame
    frame = cv2.resize(face, (640, 480))
    verdict = assess_face(frame, detector, FaceGates(max_width=0.5))
    assert verdict.hint is hints.TOO_CLOSE


def test_off_centre(astronaut, detector):
    frame = cv2.resize(astronaut[0:240, 0:300], (640, 480))  # face centre at 74 % of the width
    verdict = assess_face(frame, detector)
    assert verdict.hint is hints.OFF_CENTRE, verdict.metrics


def test_too_dark(face_frame, detector):
    dark = (face_frame * 0.3).astype(np.uint8)
    assert assess_face(dark, detector).hint is hints.TOO_DARK


def test_very_dark_frame_without_detectable_face_says_dark(detector):
    assert assess_face(np.full((480, 640, 3), 10, np.uint8), detector).hint is hints.TOO_DARK


def test_too_bright(face_frame, detector):
    bright = cv2.convertScaleAbs(face_frame, alpha=0.5, beta=160)
    verdict = assess_face(bright, detector)
    assert verdict.hint is hints.TOO_BRIGHT, verdict.metrics


@pytest.mark.parametrize("sigma", [3, 5])
def test_blurry(face_frame, detector, sigma):
    blurred = cv2.GaussianBlur(face_frame, (0, 0), sigma)
    verdict = assess_face(blurred, detector)
    assert verdict.hint is hints.BLURRY, verdict.metrics


def test_turned_head(profile_frame):
    detector = FaceDetector()  # fresh: the profile answer is reused between frames
    assert assess_face(profile_frame, detector).hint is hints.NOT_FRONTAL
    blank = np.full((480, 640, 3), 120, np.uint8)
    answers = [assess_face(blank, detector).hint for _ in range(3)]
    assert answers[-1] is hints.NO_FACE  # re-checked on the third frame without a face


def test_gates_are_configurable(face_frame, detector):
    strict = FaceGates(min_sharpness=10_000)
    assert assess_face(face_frame, detector, strict).hint is hints.BLURRY


def test_crop_and_jpeg_stay_in_memory(face_frame, detector):
    verdict = assess_face(face_frame, detector)
    crop = crop_face(face_frame, verdict.box)
    x, y, w, h = verdict.box
    assert crop.shape[1] > w and crop.shape[0] > h
    data = encode_jpeg(crop, 90)
    assert data[:2] == b"\xff\xd8"
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == crop.shape


def test_every_hint_has_both_languages():
    for hint in hints.ALL_HINTS:
        assert hint.zh and hint.en and hint.code
    assert len({h.code for h in hints.ALL_HINTS}) == len(hints.ALL_HINTS)


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 200), st.integers(1, 200), st.just(3))))
def test_odd_frames_never_crash(detector, image):
    verdict = assess_face(image, detector)
    assert verdict.hint is not None or verdict.box is not None

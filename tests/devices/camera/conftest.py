"""Fixtures for camera tests: real face photos (scikit-image), the synthetic desk set, cameras."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from devices.camera.face import FaceDetector
from devices.camera.simulated import SimulatedCamera
from devices.camera.synthetic import desk_photo_set, empty_desk_set


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    """The astronaut portrait (public domain) as BGR, 512×512."""
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="session")
def face_frame(astronaut: np.ndarray) -> np.ndarray:
    """A 640×480 frame with one centred, sharp, well lit face."""
    return cv2.resize(astronaut[0:240, 90:410], (640, 480), interpolation=cv2.INTER_CUBIC)


@pytest.fixture(scope="session")
def profile_frame() -> np.ndarray:
    """scikit-image's camera.png (CC0): a man seen from the side, 640×480 BGR."""
    from skimage import data

    grey = data.camera()[20:260, 60:380]
    return cv2.resize(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), (640, 480), interpolation=cv2.INTER_CUBIC)


@pytest.fixture(scope="session")
def detector() -> FaceDetector:
    """One face detector for the session (tests run on one thread)."""
    return FaceDetector()


@pytest.fixture(scope="session")
def desk_set():
    """40 synthetic desk photos with known corners (1296×972)."""
    return desk_photo_set(40, seed=2024)


@pytest.fixture(scope="session")
def empty_desks():
    """Desks without a page."""
    return empty_desk_set(8, seed=7)


@pytest.fixture
def sim_camera() -> Iterator[SimulatedCamera]:
    """A started simulated camera playing the bundled samples fast; stopped afterwards."""
    camera = SimulatedCamera("cam", fps=30, hold_s=0.3, reconnect_s=0.1)
    camera.start()
    yield camera
    camera.stop()

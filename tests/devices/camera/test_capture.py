"""The capture thread with real sources: reconnect, fault injection, latest frame only, status events."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices import registry
from devices.base import DeviceState, StatusChanged
from devices.camera.capture import CaptureCamera
from devices.camera.opencv_camera import OpenCvCamera
from devices.camera.simulated import SimulatedCamera
from devices.camera.sources import FrameSource
from devices.errors import ConfigurationError
from tests.devices.camera.helpers import show_now


def wait_for(predicate, timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``timeout``; tests assert on the answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class Recorder:
    """Collects status reports published by a camera (on its thread)."""

    def __init__(self) -> None:
        self.states: list[tuple[DeviceState, str]] = []
        self.lock = threading.Lock()

    def __call__(self, event) -> None:
        if isinstance(event, StatusChanged):
            with self.lock:
                self.states.append((event.status.state, event.status.reason))

    def seen(self, state: DeviceState, word: str = "") -> bool:
        with self.lock:
            return any(s is state and word in reason for s, reason in self.states)


def write_video(path: Path, frames: int = 12, size=(320, 240)) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15, size)
    for i in range(frames):
        frame = np.full((size[1], size[0], 3), 40 + i * 10, np.uint8)
        cv2.putText(frame, str(i), (20, 120), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
        writer.write(frame)
    writer.release()


def test_simulator_plays_the_bundled_samples(sim_camera):
    got = sim_camera.wait_frame(0, timeout=3)
    assert got is not None
    number, frame = got
    assert frame.ndim == 3 and frame.shape[2] == 3
    assert wait_for(lambda: sim_camera.status.state is DeviceState.READY)
    later = sim_camera.wait_frame(number, timeout=3)
    assert later is not None and later[0] > number


def test_latest_frame_only_no_backlog(sim_camera):
    number, _ = sim_camera.wait_frame(0, timeout=3)
    time.sleep(0.5)  # ~15 frames arrive at 30 fps while nobody reads
    newer, frame = sim_camera.wait_frame(number, timeout=2)
    assert newer >= number + 5  # the newest frame, not the next one in a queue
    assert frame is sim_camera.latest_frame() or sim_camera.frame_number > newer


def test_show_pins_an_image(sim_camera):
    marker = np.full((120, 160, 3), (10, 200, 30), np.uint8)
    sim_camera.show(marker)
    n = sim_camera.frame_number
    _, frame = sim_camera.wait_frame(n + 1, timeout=2)
    assert frame.shape == marker.shape and np.array_equal(frame, marker)
    sim_camera.show(None)
    n = sim_camera.frame_number
    assert wait_for(lambda: sim_camera.latest_frame().shape != marker.shape)


def test_lost_camera_goes_offline_and_comes_back():
    camera = SimulatedCamera("cam", fps=30, hold_s=0.2, reconnect_s=0.05)
    rec = Recorder()
    camera.add_listener(rec)
    camera.start()
    try:
        assert wait_for(lambda: camera.status.state is DeviceState.READY)
        camera.lose()
        assert wait_for(lambda: camera.status.state is DeviceState.OFFLINE)
        assert rec.seen(DeviceState.OFFLINE, "camera lost")
        stalled = camera.frame_number
        time.sleep(0.2)
        assert camera.frame_number == stalled  # nothing arrives while unplugged
        camera.restore()
        assert wait_for(lambda: camera.status.state is DeviceState.READY)
        assert camera.wait_frame(stalled, timeout=2) is not None
    finally:
        camera.stop()


def test_camera_missing_at_start_is_offline_until_plugged():
    camera = SimulatedCamera("cam", fps=30, reconnect_s=0.05, fault="lost")
    camera.start()
    try:
        assert wait_for(lambda: "not available" in camera.status.reason)
        assert camera.latest_frame() is None
        camera.restore()
        assert wait_for(lambda: camera.status.state is DeviceState.READY)
    finally:
        camera.stop()


def test_black_frames_degrade_then_recover(sim_camera):
    assert sim_camera.wait_frame(0, timeout=3) is not None
    sim_camera.inject("black")
    assert wait_for(lambda: sim_camera.status.state is DeviceState.DEGRADED)
    assert "black" in sim_camera.status.reason
    assert float(sim_camera.latest_frame().mean()) == 0.0
    sim_camera.clear("black")
    assert wait_for(lambda: sim_camera.status.state is DeviceState.READY)


def test_slow_frames_degrade():
    camera = SimulatedCamera("cam", fps=30, slow_ms=150, reconnect_s=0.05)
    camera.start()
    try:
        assert camera.wait_frame(0, timeout=3) is not None
        camera.inject("slow")
        assert wait_for(lambda: camera.status.state is DeviceState.DEGRADED, timeout=5)
        assert "slow" in camera.status.reason
        camera.clear()
        assert wait_for(lambda: camera.status.state is DeviceState.READY, timeout=5)
    finally:
        camera.stop()


def test_unknown_fault_is_a_typed_error():
    with pytest.raises(ConfigurationError, match="unknown camera fault"):
        SimulatedCamera("cam", fault="smoke")


def test_stop_forgets_the_last_frame(sim_camera):
    assert sim_camera.wait_frame(0, timeout=3) is not None
    sim_camera.stop()
    assert sim_camera.latest_frame() is None
    assert sim_camera.status.state is DeviceState.OFFLINE


def test_opencv_video_file_reconnects_when_the_file_returns(tmp_path):
    video = tmp_path / "clip.avi"
    write_video(video)
    camera = OpenCvCamera("cam", source=str(video), fps=60, reconnect_s=0.05)
    camera.start()
    try:
        got = camera.wait_frame(0, timeout=3)
        assert got is not None and got[1].shape == (240, 320, 3)
        assert wait_for(lambda: camera.frame_number > 14)  # loops past the 12 frames of the clip
        hidden = tmp_path / "away.avi"
        video.rename(hidden)
        assert wait_for(lambda: camera.status.state is DeviceState.OFFLINE)
        assert "not found" in camera.status.reason or "lost" in camera.status.reason
        hidden.rename(video)
        assert wait_for(lambda: camera.status.state is DeviceState.READY)
    finally:
        camera.stop()


def test_opencv_folder_source_and_missing_device(tmp_path):
    cv2.imwrite(str(tmp_path / "a.png"), np.full((60, 80, 3), 200, np.uint8))
    camera = OpenCvCamera("cam", source=str(tmp_path), fps=30)
    camera.start()
    try:
        got = camera.wait_frame(0, timeout=3)
        assert got is not None and got[1].shape == (60, 80, 3)
    finally:
        camera.stop()
    missing = OpenCvCamera("cam", source="/dev/video-none", reconnect_s=0.05)
    missing.start()
    try:
        assert wait_for(lambda: "not available" in missing.status.reason)
    finally:
        missing.stop()


def test_registry_builds_cameras_from_config_options(tmp_path):
    from kiosk.settings.camera import CameraSection

    options = CameraSection(source=str(tmp_path), fps=20).model_dump(exclude={"backend"})
    for backend in ("simulated", "opencv"):
        camera = registry.create("camera", backend, name="front", **options)
        assert camera.name == "front" and camera.fps == 20
        assert camera.tuning["face_min_width"] == 0.2
    with pytest.raises(ConfigurationError):
        registry.create("camera", "webcam")


class _FlakyDriver(FrameSource):
    """A driver that raises a foreign exception on its third frame, then works again."""

    def __init__(self, calls: list[int]) -> None:
        self.calls = calls

    def read(self) -> np.ndarray:
        self.calls.append(1)
        time.sleep(0.01)
        if len(self.calls) == 3:
            raise RuntimeError("driver bug")
        return np.full((48, 64, 3), 90, np.uint8)


class _FlakyCamera(CaptureCamera):
    def __init__(self) -> None:
        super().__init__("flaky", reconnect_s=0.05)
        self.calls: list[int] = []

    def make_source(self) -> FrameSource:
        return _FlakyDriver(self.calls)


def test_foreign_driver_errors_become_a_reconnect():
    camera = _FlakyCamera()
    rec = Recorder()
    camera.add_listener(rec)
    camera.start()
    try:
        assert wait_for(lambda: len(camera.calls) > 10)
        assert rec.seen(DeviceState.OFFLINE, "RuntimeError")
        assert wait_for(lambda: camera.status.state is DeviceState.READY)
    finally:
        camera.stop()


def test_grey_images_are_shown_as_bgr(sim_camera):
    show_now(sim_camera, np.full((40, 50), 77, np.uint8))
    frame = sim_camera.latest_frame()
    assert frame.shape == (40, 50, 3) and int(frame[0, 0, 2]) == 77

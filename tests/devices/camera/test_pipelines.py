"""Face capture and page auto-capture running on a live (simulated) camera, with hints as events."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from devices.camera import hints
from devices.camera.document_capture import SteadyPage, capture_page
from devices.camera.events import CaptureHint, FaceCaptured, PageCaptured
from devices.camera.face_capture import capture_face, gates_from
from devices.camera.synthetic import desk_photo
from tests.devices.camera.helpers import show_now


class Events:
    """Collects camera events."""

    def __init__(self) -> None:
        self.items: list = []
        self.lock = threading.Lock()

    def __call__(self, event) -> None:
        with self.lock:
            self.items.append(event)

    def of(self, kind) -> list:
        with self.lock:
            return [e for e in self.items if isinstance(e, kind)]


def test_face_accepted_as_jpeg_in_memory(sim_camera, face_frame):
    events = Events()
    sim_camera.add_listener(events)
    show_now(sim_camera, face_frame)
    result = capture_face(sim_camera, timeout_s=5, best_of_s=0.2)
    assert result.accepted, result
    assert result.jpeg[:2] == b"\xff\xd8"
    photo = cv2.imdecode(np.frombuffer(result.jpeg, np.uint8), cv2.IMREAD_COLOR)
    x, y, w, h = result.assessment.box
    assert photo.shape[1] > w and photo.shape[1] < 640  # cropped to the face, with margin
    assert len(events.of(FaceCaptured)) == 1


def test_face_timeout_reports_the_last_reason_and_hints(sim_camera, face_frame):
    events = Events()
    sim_camera.add_listener(events)
    show_now(sim_camera, (face_frame * 0.3).astype(np.uint8))
    result = capture_face(sim_camera, timeout_s=0.8)
    assert result.status == "timeout" and not result.accepted
    assert result.hint is hints.TOO_DARK
    assert result.jpeg is None
    assert any(e.hint is hints.TOO_DARK and e.purpose == "face" for e in events.of(CaptureHint))


def test_face_hint_changes_then_accepts(sim_camera, face_frame):
    events = Events()
    sim_camera.add_listener(events)
    show_now(sim_camera, cv2.GaussianBlur(face_frame, (0, 0), 5))
    done: list = []
    worker = threading.Thread(target=lambda: done.append(capture_face(sim_camera, timeout_s=6, best_of_s=0.1)))
    worker.start()
    deadline = threading.Event()
    for _ in range(100):
        if any(e.hint is hints.BLURRY for e in events.of(CaptureHint)):
            break
        deadline.wait(0.05)
    show_now(sim_camera, face_frame)
    worker.join(10)
    assert done and done[0].accepted
    assert [e.hint for e in events.of(CaptureHint)][0] is hints.BLURRY


def test_face_capture_when_camera_is_lost(sim_camera):
    sim_camera.lose()
    result = capture_face(sim_camera, timeout_s=1.0)
    assert result.status == "camera_offline"
    assert result.hint is hints.CAMERA_OFFLINE


def test_face_capture_can_be_cancelled(sim_camera):
    show_now(sim_camera, np.full((480, 640, 3), 120, np.uint8))
    cancel = threading.Event()
    cancel.set()
    assert capture_face(sim_camera, timeout_s=5, cancel=cancel).status == "cancelled"


def test_gates_from_settings_keys():
    gates = gates_from({"face_min_width": 0.3, "face_min_sharpness": 99, "unrelated": 1})
    assert gates.min_width == 0.3 and gates.min_sharpness == 99 and gates.max_offset == 0.2


def test_steady_page_needs_half_a_second_without_moving():
    steady = SteadyPage(steady_s=0.5)
    quad = np.array([[100, 100], [500, 100], [500, 700], [100, 700]], np.float32)
    assert not steady.update(quad, 0.0)
    assert not steady.update(quad + 1, 0.3)  # 1 px jitter is not a move
    assert steady.update(quad, 0.55)
    assert not steady.update(quad + 40, 0.6)  # moved: start again
    assert not steady.update(quad + 40, 0.9)
    assert steady.update(quad + 40, 1.15)
    assert not steady.update(None, 1.2)
    assert not steady.update(quad, 1.25)


def test_page_auto_capture_on_a_steady_page(sim_camera):
    rng = np.random.default_rng(3)
    photo = desk_photo(rng, (1296, 972), background="wood")
    events = Events()
    sim_camera.add_listener(events)
    show_now(sim_camera, photo.image)
    result = capture_page(sim_camera, timeout_s=5, steady_s=0.3)
    assert result.accepted
    h, w = result.page.shape[:2]
    assert max(h, w) / min(h, w) > 1.2  # a page, not the desk
    assert np.abs(result.corners - photo.corners).max() < 15
    assert len(events.of(PageCaptured)) == 1


def test_moving_page_is_never_captured(sim_camera):
    rng = np.random.default_rng(4)
    first = desk_photo(rng, (1296, 972), background="dark").image
    second = np.ascontiguousarray(np.roll(first, 120, axis=1))
    events = Events()
    sim_camera.add_listener(events)
    stop = threading.Event()

    def shake() -> None:
        flip = False
        while not stop.is_set():
            sim_camera.show(second if flip else first)
            flip = not flip
            stop.wait(0.15)

    shaker = threading.Thread(target=shake)
    shaker.start()
    try:
        result = capture_page(sim_camera, timeout_s=1.5, steady_s=0.5)
    finally:
        stop.set()
        shaker.join()
    assert result.status == "timeout"
    assert any(e.hint is hints.HOLD_STILL for e in events.of(CaptureHint))


def test_no_page_hint_on_an_empty_desk(sim_camera):
    show_now(sim_camera, np.full((480, 640, 3), 60, np.uint8))
    result = capture_page(sim_camera, timeout_s=0.6)
    assert result.status == "timeout" and result.hint is hints.NO_PAGE

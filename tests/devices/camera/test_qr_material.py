"""QR reading from frames and from the stream; material assembly under a size budget."""

from __future__ import annotations

import re
import threading

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from devices.camera.events import CodeRead
from devices.camera.material import BudgetExceeded, assemble_material
from devices.camera.qr import CodeReader, CodeWatcher
from devices.camera.synthetic import page_content
from devices.errors import UnsupportedMedia
from tests.devices.camera.helpers import qr_frame, show_now


@pytest.mark.parametrize("text", ["TZ20261124000123", "https://zwfw.example.gov.cn/q?c=37048120261124"])
def test_reads_qr_text(text):
    codes = CodeReader().read(qr_frame(text, angle=12))
    assert [c.text for c in codes] == [text]
    assert codes[0].symbology == "QR" and len(codes[0].points) == 4


def test_no_code_in_a_plain_frame():
    assert CodeReader().read(np.full((480, 640, 3), 128, np.uint8)) == []


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 100), st.integers(1, 100), st.sampled_from([1, 3]))))
def test_odd_frames_never_crash(image):
    image = image[..., 0] if image.shape[2] == 1 else image
    assert isinstance(CodeReader().read(image), list)


def test_watcher_publishes_each_code_once_per_window(sim_camera):
    events: list[CodeRead] = []
    got = threading.Event()

    def listen(event):
        if isinstance(event, CodeRead):
            events.append(event)
            got.set()

    sim_camera.add_listener(listen)
    show_now(sim_camera, qr_frame("CASE-0001"))
    watcher = CodeWatcher(sim_camera, repeat_s=60)
    watcher.start()
    try:
        assert got.wait(5)
        number = sim_camera.frame_number
        sim_camera.wait_frame(number + 5, timeout=3)  # the code stays in view for more frames
    finally:
        watcher.stop()
    assert [e.text for e in events] == ["CASE-0001"]
    assert "CASE-0001" not in repr(events[0])  # a case number is not written into logs by repr


def _pages(count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(5)
    pages = []
    for _ in range(count):
        page = page_content(rng, 1240, 1754)  # A4 at 150 dpi
        noise = rng.normal(0, 6, page.shape).astype(np.float32)
        pages.append(cv2.add(page, noise, dtype=cv2.CV_8U))
    return pages


@pytest.mark.parametrize("budget_kb", [3000, 600, 250])
def test_material_fits_the_budget(budget_kb):
    pages = _pages(3)
    material = assemble_material(pages, budget_kb * 1024)
    assert material.pdf_size <= budget_kb * 1024
    assert material.jpeg_size <= budget_kb * 1024
    assert material.pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", material.pdf)) == 3
    assert len(material.jpegs) == 3
    first = cv2.imdecode(np.frombuffer(material.jpegs[0], np.uint8), cv2.IMREAD_COLOR)
    assert first.shape[1] == round(1240 * material.scale)


def test_smaller_budget_costs_quality():
    pages = _pages(2)
    roomy = assemble_material(pages, 5000 * 1024)
    tight = assemble_material(pages, 300 * 1024)
    assert (tight.scale, tight.quality) < (roomy.scale, roomy.quality)


def test_black_and_white_pages_stay_grey():
    page = np.full((800, 600), 255, np.uint8)
    page[100:120, 50:550] = 0
    material = assemble_material([page], 500 * 1024)
    import io

    assert Image.open(io.BytesIO(material.jpegs[0])).mode == "L"


def test_impossible_budget_is_a_typed_error():
    with pytest.raises(BudgetExceeded, match="budget"):
        assemble_material(_pages(2), 10 * 1024)
    with pytest.raises(UnsupportedMedia):
        assemble_material([], 1024)
    with pytest.raises(UnsupportedMedia):
        assemble_material(_pages(1), 0)

"""Page finding and flattening on synthetic desk photos with known corners."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from devices.camera.document import find_page, flatten_page, hull_to_quad, order_corners, page_size
from devices.camera.synthetic import desk_photo

# Floors: the set mixes light, wood, dark and cluttered desks with strong partial shadows (25-50 %
# darker) and thumbs on corners. Measured: mean IoU 0.97, 97.5 % of pages at IoU >= 0.9; the one miss is
# a shadow edge lying along the page edge on a light desk, where find_page answers None (not a wrong
# page). The floors leave room for one more such miss and catch any real regression.
MEAN_IOU_FLOOR = 0.93
SHARE_FLOOR = 0.9


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex quadrilaterals."""
    a, b = a.astype(np.float32), b.astype(np.float32)
    inter, _ = cv2.intersectConvexConvex(a, b)
    return float(inter / (cv2.contourArea(a) + cv2.contourArea(b) - inter))


def test_iou_on_the_synthetic_desk_set(desk_set, capsys):
    scores = []
    for photo in desk_set:
        corners = find_page(photo.image)
        scores.append(0.0 if corners is None else iou(corners, photo.corners))
    scores = np.array(scores)
    mean, share = float(scores.mean()), float((scores >= 0.9).mean())
    with capsys.disabled():
        print(
            f"\n[camera] find_page on {len(scores)} synthetic desk photos: mean IoU {mean:.3f}, "
            f"IoU>=0.9 for {share:.1%} (floors {MEAN_IOU_FLOOR}, {SHARE_FLOOR:.0%})"
        )
    assert mean >= MEAN_IOU_FLOOR
    assert share >= SHARE_FLOOR


@pytest.mark.parametrize("background", ["light", "wood", "dark", "cluttered"])
def test_each_desk_kind_with_thumb(background):
    rng = np.random.default_rng(hash(background) % 1000)
    photo = desk_photo(rng, background=background, thumb=True, shadow=0.0)
    corners = find_page(photo.image)
    assert corners is not None
    assert iou(corners, photo.corners) >= 0.9


def test_corners_are_ordered_and_float32(desk_set):
    corners = find_page(desk_set[0].image)
    assert corners.shape == (4, 2) and corners.dtype == np.float32
    tl, tr, br, bl = corners
    assert tl.sum() == corners.sum(axis=1).min()  # top-left has the smallest x+y
    assert tr[0] > tl[0] and br[1] > tr[1] and bl[0] < br[0]


def test_nothing_page_like_gives_none(empty_desks):
    found = [find_page(photo.image) for photo in empty_desks]
    wrong = [p.description for p, c in zip(empty_desks, found, strict=True) if c is not None]
    assert not wrong


def test_plain_frames_give_none():
    assert find_page(np.zeros((480, 640, 3), np.uint8)) is None
    assert find_page(np.full((480, 640, 3), 255, np.uint8)) is None
    assert find_page(np.zeros((10, 10, 3), np.uint8)) is None


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 120), st.integers(1, 160), st.sampled_from([1, 3]))))
def test_find_page_never_crashes_on_odd_frames(image):
    image = image[..., 0] if image.shape[2] == 1 else image
    corners = find_page(image)
    assert corners is None or corners.shape == (4, 2)


def _page_with_marker(width: int = 600, height: int = 848) -> np.ndarray:
    page = np.full((height, width, 3), 245, np.uint8)
    cv2.rectangle(page, (20, 20), (120, 80), (0, 0, 0), -1)  # a black block at the top left
    return page


def test_flatten_restores_aspect_orientation_and_light():
    page = _page_with_marker()
    angle = np.deg2rad(15)  # rotated on the desk, a little perspective as from a camera straight above
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    local = np.array([[-300, -424], [300, -424], [300, 424], [-300, 424]], np.float64)
    corners = (local @ rot.T + (650, 650) + [[-6, 4], [8, -3], [5, 6], [-4, -7]]).astype(np.float32)
    src = np.array([[0, 0], [600, 0], [600, 848], [0, 848]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners)
    desk = np.full((1296, 1296, 3), 60, np.uint8)
    warped = cv2.warpPerspective(page, matrix, (1296, 1296), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    ramp = np.linspace(0.55, 1.0, warped.shape[1], dtype=np.float32)[None, :, None]  # light from one side
    shaded = (warped * ramp).astype(np.uint8)
    flat = flatten_page(shaded, corners)
    h, w = flat.shape[:2]
    assert abs(h / w - np.sqrt(2)) < 0.01  # snapped to A4
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    assert grey[int(h * 0.05), int(w * 0.1)] < 80  # the marker is top left
    assert grey[int(h * 0.9), int(w * 0.9)] > 200
    paper = grey[int(h * 0.3) : int(h * 0.9), int(w * 0.1) : int(w * 0.9)]
    raw = cv2.cvtColor(
        cv2.warpPerspective(shaded, cv2.getPerspectiveTransform(corners, src), (600, 848)), cv2.COLOR_BGR2GRAY
    )[250:760, 60:540]
    assert paper.std() < raw.std() / 3  # light evened out


def test_black_and_white_is_binary():
    page = _page_with_marker()
    corners = np.array([[0, 0], [599, 0], [599, 847], [0, 847]], np.float32)
    bw = flatten_page(page, corners, black_white=True)
    assert bw.ndim == 2
    assert set(np.unique(bw)) <= {0, 255}
    assert bw[50, 70] == 0 and bw[500, 300] == 255


def test_page_size_follows_sides():
    assert page_size(np.array([[0, 0], [300, 0], [300, 200], [0, 200]], np.float32)) == (300, 200)
    w, h = page_size(np.array([[0, 0], [100, 0], [100, 141], [0, 141]], np.float32))
    assert (w, h) == (100, 141)


def test_hull_to_quad_recovers_a_cut_corner():
    square = np.array([[0, 0], [100, 0], [100, 80], [80, 100], [0, 100]], np.float64)  # corner cut off
    quad = hull_to_quad(square)
    assert np.allclose(quad, order_corners(np.array([[0, 0], [100, 0], [100, 100], [0, 100]])), atol=0.5)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 500)), min_size=5, max_size=30))
def test_hull_to_quad_encloses_the_polygon(points):
    hull = cv2.convexHull(np.array(points, np.float32)).reshape(-1, 2).astype(np.float64)
    if len(hull) < 4 or cv2.contourArea(hull.astype(np.float32)) < 100:
        return
    quad = hull_to_quad(hull)
    if quad is None:
        return
    for x, y in hull:
        assert cv2.pointPolygonTest(quad.reshape(-1, 1, 2), (float(x), float(y)), True) >= -1.0

"""Document camera (高拍仪) pages: find the page on the desk and flatten it.

:func:`find_page` works on a copy downscaled by an integer factor to about 640 px. Candidates come
from three region masks, computed after closing away the ink (paper-white by Otsu; the inside of
closed edges; the same limited to unsaturated pixels, which drops a thumb), each region's convex hull
reduced to the smallest enclosing quadrilateral (so a thumb or shadow that bites off a corner does not
move it), and from quadrilaterals of long straight edges (for shadows that split every region). The
winner is the quadrilateral most like a page: large, convex, near-right corners, filled, brighter than
the desk just outside each side, with edges along its sides. When nothing passes, the answer is
``None`` rather than a wrong page. The winner's sides are then refined on the full-resolution frame.

:func:`flatten_page` warps the full-resolution frame to the page's own aspect ratio (which also
deskews it), divides out the light (shadows, uneven lighting) and optionally makes it black and white.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.page_geometry import MIN_AREA, hull_to_quad, order_corners, quads_from_lines, refine_corners

WORK_SIZE = 640
"""Longest side of the downscaled copy that corner finding works on (an integer factor makes it 520-860)."""

PAPER_RATIOS = (np.sqrt(2.0), 1.294, 1.586)
"""A-series, US letter and ID-1 card: measured ratios this close (3 %) snap to them."""


BLACK_WHITE_CUT = 170
"""Grey level under which a pixel of an evened page becomes black in black-and-white mode."""


@dataclass(frozen=True)
class _Candidate:
    quad: np.ndarray
    score: float


def find_page(image: np.ndarray) -> np.ndarray | None:
    """Page corners (4×2 float32, TL, TR, BR, BL, in ``image`` pixels) or ``None`` when no page is seen."""
    if image is None or image.ndim not in (2, 3) or min(image.shape[:2]) < 32:
        return None
    h, w = image.shape[:2]
    factor = max(1, round(max(h, w) / WORK_SIZE))  # an integer factor takes OpenCV's fast area path
    small = cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else image
    scale = small.shape[1] / w
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    best: _Candidate | None = None
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = _edge_strength(gray)
    masks, border, unsaturated = _page_masks(small)
    for mask in masks:
        for quad in _quads_from_mask(mask):
            score = _score(quad, mask, gray, edges)
            if score > 0 and (best is None or score > best.score):
                best = _Candidate(quad, score)
    for quad in quads_from_lines(border, edges, _edge_support):  # a shadow that breaks every region still leaves lines
        score = _score(quad, unsaturated, gray, edges)
        if score > 0 and (best is None or score > best.score):
            best = _Candidate(quad, score)
    if best is None:
        return None
    return refine_corners(image, best.quad / scale, reach=max(3, round(2 / scale)))


def _page_masks(small: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Masks in which the page may be one region (text closed away first), the border edges, and paper-grey."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25))  # separable: fast
    no_ink = cv2.morphologyEx(cv2.GaussianBlur(small, (5, 5), 0), cv2.MORPH_CLOSE, np.ones((11, 11), np.uint8))
    hsv = cv2.cvtColor(no_ink, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    unsaturated: np.ndarray = (sat < 70).astype(np.uint8) * 255  # paper is grey-white; skin, wood and notes are not
    whiteness = np.clip(val.astype(np.int16) - 2 * sat.astype(np.int16), 0, 255).astype(np.uint8)
    _, white = cv2.threshold(whiteness, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # edges of the ink-free image: the page border, clutter, but no text; low thresholds for light desks
    edges = cv2.Canny(cv2.cvtColor(no_ink, cv2.COLOR_BGR2GRAY), 8, 24)
    closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    filled: np.ndarray = np.zeros_like(closed)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(filled, contours, -1, 255, -1)
    masks = [
        cv2.morphologyEx(m, cv2.MORPH_OPEN, kernel)  # opening cuts thin bridges to the desk
        for m in (white, filled, filled & unsaturated)
    ]
    return masks, edges, unsaturated


def _quads_from_mask(mask: np.ndarray) -> list[np.ndarray]:
    """Enclosing quadrilaterals of the large regions of ``mask``."""
    area = mask.shape[0] * mask.shape[1]
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        if cv2.contourArea(contour) < MIN_AREA * area:
            break
        hull = cv2.convexHull(contour)
        quad = hull_to_quad(hull.reshape(-1, 2).astype(np.float64))
        if quad is not None:
            quads.append(quad)
    return quads


def _edge_strength(gray: np.ndarray) -> np.ndarray:
    """Gradient magnitude, for checking that a quadrilateral's sides lie on edges."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    gx = cv2.Sobel(blur, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(blur, cv2.CV_32F, 0, 1, ksize=3)
    return cv2.magnitude(gx, gy)


def _score(quad: np.ndarray, mask: np.ndarray, gray: np.ndarray, edges: np.ndarray) -> float:
    """How page-like ``quad`` is (0 = not a page): area × fill × edge support, after hard checks."""
    h, w = mask.shape
    if not cv2.isContourConvex(quad.astype(np.float32).reshape(-1, 1, 2)):
        return 0.0
    area = cv2.contourArea(quad.astype(np.float32))
    if area < MIN_AREA * w * h or area > 0.98 * w * h:
        return 0.0
    if (
        quad[:, 0].min() < -0.03 * w
        or quad[:, 0].max() > 1.03 * w
        or quad[:, 1].min() < -0.03 * h
        or quad[:, 1].max() > 1.03 * h
    ):
        return 0.0
    sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    if sides.min() < 0.25 * sides.max():
        return 0.0
    for i in range(4):  # corner angles between 55° and 125°
        u, v = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(cos) > 0.57:
            return 0.0
    region = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(region, quad.astype(np.int32), 255)
    inside = region > 0
    fill = float(np.count_nonzero(mask[inside] > 0)) / max(1, int(np.count_nonzero(inside)))
    if fill < 0.8:
        return 0.0
    contrast = _border_contrast(quad, gray)
    if contrast < 4:  # paper is brighter than the desk right next to it
        return 0.0
    support = _edge_support(quad, edges)
    if support < 0.6:
        return 0.0
    # a side that runs off the page along clutter loses support and contrast fast: weigh them hard
    return area / (w * h) * fill * support**3 * min(1.0, contrast / 15)


def _border_contrast(quad: np.ndarray, gray: np.ndarray, offset: float = 4.0) -> float:
    """Median brightness step across the sides, inside minus outside (local, so shadows cancel out)."""
    h, w = gray.shape
    centre = quad.mean(axis=0)
    steps = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        direction = (b - a) / (np.linalg.norm(b - a) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        if np.dot(centre - a, normal) < 0:
            normal = -normal  # point inwards
        pts = a + (b - a) * np.linspace(0.1, 0.9, 24)[:, None]
        inner = np.clip(np.round(pts + normal * offset).astype(int), 0, [w - 1, h - 1])
        outer = np.clip(np.round(pts - normal * offset).astype(int), 0, [w - 1, h - 1])
        steps.append(gray[inner[:, 1], inner[:, 0]].astype(np.int16) - gray[outer[:, 1], outer[:, 0]])
    return float(np.median(np.concatenate(steps)))


def _edge_support(quad: np.ndarray, edges: np.ndarray) -> float:
    """Share of points along the sides that sit on a clear edge (a thumb hides a little, not most)."""
    h, w = edges.shape
    hits = total = 0
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        n = max(8, int(np.linalg.norm(b - a) / 3))
        t = np.linspace(0.05, 0.95, n)[:, None]
        pts = a + (b - a) * t
        xs = np.clip(np.round(pts[:, 0]).astype(int), 1, w - 2)
        ys = np.clip(np.round(pts[:, 1]).astype(int), 1, h - 2)
        # allow a pixel of slack: the edge may fall between samples
        local = np.maximum.reduce([edges[ys + dy, xs + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)])
        hits += int(np.count_nonzero(local > 24))
        total += n
    return hits / max(1, total)


def page_size(corners: np.ndarray) -> tuple[int, int]:
    """Output (width, height) for a flat page: the mean of opposite sides, snapped to paper ratios."""
    c = np.asarray(corners, np.float64)
    width = float(np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    height = float(np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
    long_side, short_side = max(width, height), max(1.0, min(width, height))
    ratio = long_side / short_side
    for paper in PAPER_RATIOS:
        if abs(ratio - paper) / paper < 0.03:
            short_side = long_side / paper
            break
    if width >= height:
        return round(long_side), round(short_side)
    return round(short_side), round(long_side)


def flatten_page(
    image: np.ndarray, corners: np.ndarray, *, black_white: bool = False, correct_light: bool = True
) -> np.ndarray:
    """Warp the page at ``corners`` to a flat upright page and even out light and shadow.

    Returns BGR, or a single-channel black-and-white image when ``black_white`` (for text).
    """
    corners = order_corners(corners)
    width, height = page_size(corners)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if correct_light:
        flat = even_illumination(flat)
    if black_white:
        # light is already even (paper ≈ 245), so one global cut keeps solid areas black, unlike a local one
        gray = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
        _, bw = cv2.threshold(gray, BLACK_WHITE_CUT, 255, cv2.THRESH_BINARY)
        return bw
    return flat


def even_illumination(page: np.ndarray) -> np.ndarray:
    """Divide out the paper's lighting (estimated on a small copy by closing away the ink) → white paper."""
    h, w = page.shape[:2]
    factor = 8
    small = cv2.resize(page, (max(8, w // factor), max(8, h // factor)), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # close = remove dark ink on light paper
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(page, np.maximum(paper, 1), scale=245)

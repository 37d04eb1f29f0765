"""Document camera (高拍仪) pages: find the page on the desk and flatten it.

:func:`find_page` works on a copy downscaled to about 640 px: it segments the frame three ways (bright
and unsaturated like paper, Otsu on brightness, closed edges), turns each large region's convex hull
into the smallest enclosing quadrilateral (so a thumb or a shadow that bites off a corner does not
move it), and keeps the quadrilateral that looks most like a page: large, convex, filled by the
region, brighter than its surroundings, with edges along its sides. When nothing passes, it answers
``None`` rather than a wrong page. :func:`flatten_page` warps the full-resolution frame to the page's
own aspect ratio (which also deskews it) and divides out the illumination (shadows, uneven light).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.synthetic import order_corners

WORK_SIZE = 640
"""Longest side of the downscaled copy that corner finding works on."""

MIN_AREA = 0.08
"""Smallest page, as a share of the frame area."""

PAPER_RATIOS = (np.sqrt(2.0), 1.294, 1.586)
"""A-series, US letter and ID-1 card: measured ratios this close (3 %) snap to them."""


@dataclass(frozen=True)
class _Candidate:
    quad: np.ndarray
    score: float


def find_page(image: np.ndarray) -> np.ndarray | None:
    """Page corners (4×2 float32, TL, TR, BR, BL, in ``image`` pixels) or ``None`` when no page is seen."""
    if image is None or image.ndim not in (2, 3) or min(image.shape[:2]) < 32:
        return None
    h, w = image.shape[:2]
    scale = WORK_SIZE / max(h, w)
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    best: _Candidate | None = None
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = _edge_strength(gray)
    for mask in _page_masks(small, gray):
        for quad in _quads_from_mask(mask):
            score = _score(quad, mask, gray, edges)
            if score > 0 and (best is None or score > best.score):
                best = _Candidate(quad, score)
    if best is None:
        return None
    return (best.quad / scale).astype(np.float32)


def _page_masks(small: np.ndarray, gray: np.ndarray) -> list[np.ndarray]:
    """Binary masks in which the page may be one region (text closed away first)."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    no_ink = cv2.morphologyEx(cv2.GaussianBlur(small, (5, 5), 0), cv2.MORPH_CLOSE, np.ones((11, 11), np.uint8))
    hsv = cv2.cvtColor(no_ink, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    unsaturated = (sat < 70).astype(np.uint8) * 255  # paper is grey-white; skin, wood and notes are not
    whiteness = np.clip(val.astype(np.int16) - 2 * sat.astype(np.int16), 0, 255).astype(np.uint8)
    _, white = cv2.threshold(whiteness, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # edges of the ink-free image: the page border, clutter, but no text; low thresholds for light desks
    no_ink_gray = cv2.cvtColor(no_ink, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(no_ink_gray, 8, 24)
    masks = [cv2.morphologyEx(white, cv2.MORPH_OPEN, kernel)]
    for gap in (5,):
        closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
        filled = np.zeros_like(closed)
        contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(filled, contours, -1, 255, -1)
        for mask in (filled, filled & unsaturated):
            masks.append(cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel))  # cut thin bridges to the desk
    return masks


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


def hull_to_quad(hull: np.ndarray) -> np.ndarray | None:
    """Smallest-growth enclosing quadrilateral of a convex polygon: drop the edge that adds least area.

    Removing edge (b, c) of a convex polygon a-b-c-d replaces b and c by the crossing of lines a-b and
    c-d; repeating until four vertices remain recovers a corner that was cut off (thumb, shadow).
    """
    pts = [p for p in cv2.approxPolyDP(hull.astype(np.float32), 1.0, True).reshape(-1, 2).astype(np.float64)]
    while len(pts) > 4:
        n = len(pts)
        best_i, best_area, best_point = -1, np.inf, None
        for i in range(n):
            a, b, c, d = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
            x = _intersect(a, b, c, d)
            if x is None:
                continue
            added = abs(_cross(b - x, c - x)) / 2
            if added < best_area:
                best_i, best_area, best_point = i, added, x
        if best_point is None:
            return None
        pts[best_i] = best_point
        del pts[(best_i + 1) % n]
    if len(pts) < 4:
        return None
    return order_corners(np.array(pts))


def _cross(u: np.ndarray, v: np.ndarray) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def _intersect(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray | None:
    """Crossing of line a→b extended forward and line d→c extended backward, if it lies outside b-c."""
    r, s = b - a, c - d
    denom = _cross(r, s)
    if abs(denom) < 1e-9:
        return None
    t = _cross(d - a, s) / denom
    if t < 1.0 - 1e-9:
        return None  # the lines meet behind b: removing this edge would not enclose the polygon
    u = _cross(d - a, r) / denom
    if u < 1.0 - 1e-9:
        return None
    return a + t * r


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
    if quad[:, 0].min() < -0.03 * w or quad[:, 0].max() > 1.03 * w or \
            quad[:, 1].min() < -0.03 * h or quad[:, 1].max() > 1.03 * h:
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
    fill = float(np.count_nonzero(mask[inside] > 0)) / max(1, np.count_nonzero(inside))
    if fill < 0.8:
        return 0.0
    ring = cv2.dilate(region, np.ones((15, 15), np.uint8)) > 0
    ring &= ~inside
    if np.count_nonzero(ring) and np.count_nonzero(inside):
        contrast = float(np.median(gray[inside])) - float(np.median(gray[ring]))
    else:
        contrast = 0.0
    if contrast < 4:
        return 0.0
    support = _edge_support(quad, edges)
    if support < 0.45:
        return 0.0
    return area / (w * h) * fill * support


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
        hits += int(np.count_nonzero(local > 40))
        total += n
    return hits / max(1, total)


def page_size(corners: np.ndarray) -> tuple[int, int]:
    """Output (width, height) for a flat page: the mean of opposite sides, snapped to paper ratios."""
    c = np.asarray(corners, np.float64)
    width = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
    height = (np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
    long_side, short_side = max(width, height), max(1.0, min(width, height))
    ratio = long_side / short_side
    for paper in PAPER_RATIOS:
        if abs(ratio - paper) / paper < 0.03:
            short_side = long_side / paper
            break
    if width >= height:
        return round(long_side), round(short_side)
    return round(short_side), round(long_side)


def flatten_page(image: np.ndarray, corners: np.ndarray, *, black_white: bool = False,
                 correct_light: bool = True) -> np.ndarray:
    """Warp the page at ``corners`` to a flat upright page and even out light and shadow.

    Returns BGR, or a single-channel black-and-white image when ``black_white`` (for text).
    """
    corners = order_corners(corners)
    width, height = page_size(corners)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    if correct_light:
        flat = even_illumination(flat)
    if black_white:
        gray = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
        return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY,
                                     blockSize=31, C=15)
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

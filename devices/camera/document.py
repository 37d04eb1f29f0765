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
"""Longest side of the downscaled copy that corner finding works on (an integer factor makes it 520-860)."""

MIN_AREA = 0.08
"""Smallest page, as a share of the frame area."""

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
    for quad in _quads_from_lines(border, edges):  # a shadow that breaks every region still leaves lines
        score = _score(quad, unsaturated, gray, edges)
        if score > 0 and (best is None or score > best.score):
            best = _Candidate(quad, score)
    if best is None:
        return None
    return refine_corners(image, best.quad / scale, reach=max(3, round(2 / scale)))


def refine_corners(image: np.ndarray, quad: np.ndarray, reach: int = 6) -> np.ndarray:
    """Move each side onto the strongest dark-to-bright step within ``reach`` px, at full resolution.

    Only thin strips along the sides are read, so this costs little even on a 2592×1944 frame; robust
    line fitting ignores the samples that fall on a thumb. A side that cannot be refined stays put.
    """
    quad = np.asarray(quad, np.float64)
    h, w = image.shape[:2]
    centre = quad.mean(axis=0)
    offsets = np.arange(-reach, reach + 1, dtype=np.float64)
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        direction = (b - a) / (np.linalg.norm(b - a) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        if np.dot(centre - a, normal) < 0:
            normal = -normal
        base = a + (b - a) * np.linspace(0.08, 0.92, 48)[:, None]
        pts = base[:, None, :] + offsets[None, :, None] * normal
        xs = np.clip(np.round(pts[..., 0]).astype(int), 0, w - 1)
        ys = np.clip(np.round(pts[..., 1]).astype(int), 0, h - 1)
        values = image[ys, xs].astype(np.float32)
        profile = values.mean(axis=2) if values.ndim == 3 else values
        step = np.diff(profile, axis=1)  # outside → inside: the page edge is the biggest rise
        best = np.argmax(step, axis=1)
        strong = step[np.arange(len(best)), best] > 6
        if np.count_nonzero(strong) < 12:
            lines.append(None)
            continue
        found = base[strong] + normal * (offsets[best[strong]] + 0.5)[:, None]
        vx, vy, x0, y0 = cv2.fitLine(found.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)))
    refined = quad.copy()
    for i in range(4):
        before, after = lines[i - 1], lines[i]  # corner i joins side i-1 and side i
        if before is None or after is None:
            continue
        (p, u), (q, v) = before, after
        denom = u[0] * v[1] - u[1] * v[0]
        if abs(denom) < 1e-6:
            continue
        t = ((q - p)[0] * v[1] - (q - p)[1] * v[0]) / denom
        corner = p + t * u
        if np.linalg.norm(corner - quad[i]) <= 2 * reach:
            refined[i] = corner
    return order_corners(refined)


def _page_masks(small: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Masks in which the page may be one region (text closed away first), the border edges, and paper-grey."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25))  # separable: fast
    no_ink = cv2.morphologyEx(cv2.GaussianBlur(small, (5, 5), 0), cv2.MORPH_CLOSE, np.ones((11, 11), np.uint8))
    hsv = cv2.cvtColor(no_ink, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    unsaturated = (sat < 70).astype(np.uint8) * 255  # paper is grey-white; skin, wood and notes are not
    whiteness = np.clip(val.astype(np.int16) - 2 * sat.astype(np.int16), 0, 255).astype(np.uint8)
    _, white = cv2.threshold(whiteness, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # edges of the ink-free image: the page border, clutter, but no text; low thresholds for light desks
    edges = cv2.Canny(cv2.cvtColor(no_ink, cv2.COLOR_BGR2GRAY), 8, 24)
    closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    filled = np.zeros_like(closed)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(filled, contours, -1, 255, -1)
    masks = [cv2.morphologyEx(m, cv2.MORPH_OPEN, kernel)  # opening cuts thin bridges to the desk
             for m in (white, filled, filled & unsaturated)]
    return masks, edges, unsaturated


def _quads_from_lines(border: np.ndarray, strength: np.ndarray, keep: int = 3) -> list[np.ndarray]:
    """Quadrilaterals made of the longest straight edges: two near-parallel pairs crossing at ~90°."""
    h, w = border.shape
    segments = cv2.HoughLinesP(border, 1, np.pi / 180, threshold=30, minLineLength=int(0.12 * min(h, w)),
                               maxLineGap=10)
    if segments is None:
        return []
    lines: list[list[float]] = []  # theta, rho, length
    for x1, y1, x2, y2 in segments[:, 0].astype(np.float64):
        length = float(np.hypot(x2 - x1, y2 - y1))
        theta = float(np.arctan2(x2 - x1, -(y2 - y1)))  # angle of the normal
        rho = float(x1 * np.cos(theta) + y1 * np.sin(theta))
        if theta < 0:
            theta, rho = theta + np.pi, -rho
        if theta >= np.pi:
            theta, rho = theta - np.pi, -rho
        for line in lines:
            dt = abs(line[0] - theta)
            same_rho = abs(line[1] - rho) < 8 if dt < np.pi / 2 else abs(line[1] + rho) < 8
            if min(dt, np.pi - dt) < np.deg2rad(4) and same_rho:
                line[2] += length
                break
        else:
            lines.append([theta, rho, length])
    lines = sorted(lines, key=lambda line: -line[2])[:8]
    pairs = []
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            dt = abs(lines[i][0] - lines[j][0])
            if min(dt, np.pi - dt) < np.deg2rad(25):
                pairs.append((i, j))
    candidates = []
    for p in range(len(pairs)):
        for q in range(p + 1, len(pairs)):
            a, b = pairs[p]
            c, d = pairs[q]
            if len({a, b, c, d}) < 4:
                continue
            dt = abs(lines[a][0] - lines[c][0])
            if min(dt, np.pi - dt) < np.deg2rad(55):
                continue
            corners = [_cross_lines(lines[x], lines[y]) for x, y in ((a, c), (c, b), (b, d), (d, a))]
            if any(pt is None for pt in corners):
                continue
            quad = order_corners(np.array(corners))
            area = cv2.contourArea(quad)
            if area < MIN_AREA * w * h or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
                continue
            candidates.append((area * _edge_support(quad.astype(np.float64), strength), quad.astype(np.float64)))
    candidates.sort(key=lambda item: -item[0])
    return [quad for _, quad in candidates[:keep]]


def _cross_lines(first: list[float], second: list[float]) -> np.ndarray | None:
    """Crossing point of two lines in normal form (theta, rho)."""
    matrix = np.array([[np.cos(first[0]), np.sin(first[0])], [np.cos(second[0]), np.sin(second[0])]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    return np.linalg.solve(matrix, np.array([first[1], second[1]]))


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

"""Quadrilateral geometry for page finding: corner order, enclosing quads, quads from lines, refinement."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

MIN_AREA = 0.08
"""Smallest page, as a share of the frame area."""


def segment_rows(segments: np.ndarray) -> np.ndarray:
    """``HoughLinesP``'s segments as rows ``x1 y1 x2 y2``: OpenCV 4 answers shape (N, 1, 4), OpenCV 5 (N, 4)."""
    return np.asarray(segments, np.float64).reshape(-1, 4)


def order_corners(points: np.ndarray) -> np.ndarray:
    """Order four points top-left, top-right, bottom-right, bottom-left (image coordinates)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting anywhere
    start = int(np.argmin(pts.sum(axis=1)))  # smallest x+y is top-left
    return np.roll(pts, -start, axis=0).astype(np.float32)


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


def quads_from_lines(
    border: np.ndarray, strength: np.ndarray, support: Callable[[np.ndarray, np.ndarray], float], keep: int = 3
) -> list[np.ndarray]:
    """Quadrilaterals made of the longest straight edges: two near-parallel pairs crossing at ~90°.

    ``border`` is a binary edge map, ``support(quad, strength)`` rates how well a quad's sides sit on
    edges; the ``keep`` quads with the best area × support are returned for full scoring.
    """
    h, w = border.shape
    segments = cv2.HoughLinesP(border, 1, np.pi / 180, threshold=30, minLineLength=int(0.12 * min(h, w)), maxLineGap=10)
    if segments is None:
        return []
    lines: list[list[float]] = []  # theta, rho, length
    for x1, y1, x2, y2 in segment_rows(segments):
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
            candidates.append((area * support(quad.astype(np.float64), strength), quad.astype(np.float64)))
    candidates.sort(key=lambda item: -item[0])
    return [quad for _, quad in candidates[:keep]]


def _cross_lines(first: list[float], second: list[float]) -> np.ndarray | None:
    """Crossing point of two lines in normal form (theta, rho)."""
    matrix = np.array([[np.cos(first[0]), np.sin(first[0])], [np.cos(second[0]), np.sin(second[0])]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    return np.linalg.solve(matrix, np.array([first[1], second[1]]))


def refine_corners(image: np.ndarray, quad: np.ndarray, reach: int = 6) -> np.ndarray:
    """Move each side onto the strongest dark-to-bright step within ``reach`` px, at full resolution.

    Only thin strips along the sides are read, so this costs little even on a 2592×1944 frame; robust
    line fitting ignores the samples that fall on a thumb. A side that cannot be refined stays put.
    """
    quad = np.asarray(quad, np.float64)
    h, w = image.shape[:2]
    centre = quad.mean(axis=0)
    offsets = np.arange(-reach, reach + 1, dtype=np.float64)
    lines: list[tuple[np.ndarray, np.ndarray] | None] = []
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

"""The stroke format: a list of strokes, each a list of ``[x, y]`` points in a 0-1000 square, y downwards."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.handwriting.errors import BadStrokes
from kiosk.handwriting.zinnia import CANVAS

MAX_STROKES = 64
MAX_POINTS = 2000

Strokes = list[list[tuple[int, int]]]


def parse_strokes(data: object) -> Strokes:
    """Check decoded JSON ``data`` and return it as strokes of integer points; :class:`BadStrokes` if not."""
    if not isinstance(data, list) or not data:
        raise BadStrokes("笔画应为非空列表 / strokes must be a non-empty list of strokes")
    if len(data) > MAX_STROKES:
        raise BadStrokes(f"笔画过多 / too many strokes ({len(data)} > {MAX_STROKES})")
    strokes: Strokes = []
    for i, stroke in enumerate(data, 1):
        if not isinstance(stroke, list) or not stroke or len(stroke) > MAX_POINTS:
            raise BadStrokes(f"第 {i} 笔应为 1-{MAX_POINTS} 个点 / stroke {i} must be a list of 1-{MAX_POINTS} points")
        points = []
        for point in stroke:
            if (
                not isinstance(point, list | tuple)
                or len(point) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
                or not all(0 <= v <= CANVAS for v in point)
            ):
                raise BadStrokes(
                    f"第 {i} 笔有无效的点 {point!r}，应为 0-{CANVAS} 内的 [x, y] / "
                    f"stroke {i} has an invalid point {point!r}: expected [x, y] within 0-{CANVAS}"
                )
            points.append((round(point[0]), round(point[1])))
        strokes.append(points)
    return strokes


def read_strokes(path: Path) -> Strokes:
    """Read and check a strokes JSON file; :class:`BadStrokes` if unreadable or malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadStrokes(f"无法读取笔画文件 / cannot read strokes file {path}: {exc}") from exc
    return parse_strokes(data)

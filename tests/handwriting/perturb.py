"""Stand-ins for a real hand: jitter, slant, scale, offset and fewer points, applied to clean strokes."""

from __future__ import annotations

import math
import random

Strokes = list[list[tuple[int, int]]]


def _clamp(v: float) -> int:
    return max(0, min(1000, round(v)))


def perturb(strokes: list[list[list[int]]], seed: int) -> Strokes:
    """A reproducible 'hand-written' variant: slanted, scaled and shifted, jittered, some points dropped."""
    rnd = random.Random(seed)
    shear = math.tan(math.radians(rnd.uniform(-10, 10)))
    rotate = math.radians(rnd.uniform(-6, 6))
    scale_x, scale_y = rnd.uniform(0.7, 1.0), rnd.uniform(0.7, 1.0)
    shift_x, shift_y = rnd.uniform(-60, 60), rnd.uniform(-60, 60)
    out: Strokes = []
    for stroke in strokes:
        pts = (
            stroke
            if len(stroke) <= 3
            else [p for i, p in enumerate(stroke) if i in (0, len(stroke) - 1) or rnd.random() > 0.3]
        )
        moved = []
        for x, y in pts:
            cx, cy = x - 500, y - 500
            cx += shear * cy
            cx, cy = cx * math.cos(rotate) - cy * math.sin(rotate), cx * math.sin(rotate) + cy * math.cos(rotate)
            moved.append(
                (
                    _clamp(500 + cx * scale_x + shift_x + rnd.gauss(0, 12)),
                    _clamp(500 + cy * scale_y + shift_y + rnd.gauss(0, 12)),
                )
            )
        out.append(moved)
    return out

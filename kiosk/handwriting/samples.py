"""Strokes of a few real characters (居 住 证) for rehearsals and the ``handwriting`` walk-through.

They are the stroke medians of the Make Me a Hanzi project, derived from Arphic Technology's fonts and
redistributed under the Arphic Public License (as tests/data/handwriting/, which has the full set and the
licence text), in the pad's format: a list of strokes, each a list of ``[x, y]`` in a 0–1000 square, y down.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def sample_strokes() -> dict[str, list[list[list[float]]]]:
    """Character → its strokes."""
    text = resources.files("kiosk.handwriting").joinpath("sample_strokes.json").read_text(encoding="utf-8")
    data: dict[str, list[list[list[float]]]] = json.loads(text)
    return data

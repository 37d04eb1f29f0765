"""The stroke format: valid strokes round-trip, anything else is a BadStrokes with a bilingual message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.handwriting.errors import BadStrokes
from kiosk.handwriting.strokes import parse_strokes, read_strokes

coord = st.integers(0, 1000)
point = st.tuples(coord, coord).map(list)
valid = st.lists(st.lists(point, min_size=1, max_size=30), min_size=1, max_size=20)


@given(valid)
def test_valid_strokes_round_trip(data: list) -> None:
    assert parse_strokes(data) == [[tuple(p) for p in s] for s in data]


@given(
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(), lambda c: st.lists(c, max_size=4))
)
def test_any_json_is_strokes_or_bad_strokes(data: object) -> None:
    try:
        result = parse_strokes(data)
    except BadStrokes as exc:
        assert "/" in exc.message  # Chinese / English
    else:
        assert all(0 <= v <= 1000 for s in result for p in s for v in p)


@pytest.mark.parametrize(
    "data", [[], [[]], [[[1, 2, 3]]], [[[-1, 5]]], [[[5, 1001]]], [[[True, 5]]], [[["1", 2]]], {"a": 1}]
)
def test_malformed_strokes_rejected(data: object) -> None:
    with pytest.raises(BadStrokes):
        parse_strokes(data)


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text("[[[1, 2]", encoding="utf-8")
    with pytest.raises(BadStrokes, match="cannot read"):
        read_strokes(bad)
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps([[[1, 2], [3, 4.6]]]), encoding="utf-8")
    assert read_strokes(ok) == [[(1, 2), (3, 5)]]

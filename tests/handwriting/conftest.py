"""Shared fixtures: the real zinnia model and the Make Me a Hanzi test strokes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.handwriting.zinnia import ZinniaModel
from kiosk.settings.handwriting import DEFAULT_MODEL

STROKES_FILE = Path(__file__).resolve().parents[1] / "data" / "handwriting" / "strokes.json"


def load_test_strokes() -> dict[str, list[list[list[int]]]]:
    """Character to strokes (0-1000 square, y down) of the committed test set."""
    data: dict[str, list[list[list[int]]]] = json.loads(STROKES_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def strokes() -> dict[str, list[list[list[int]]]]:
    """The committed test strokes."""
    return load_test_strokes()


@pytest.fixture(scope="session")
def model() -> Iterator[ZinniaModel]:
    """Debian's simplified-Chinese zinnia model, opened once."""
    if not Path(DEFAULT_MODEL).is_file():
        pytest.skip("tegaki-zinnia-simplified-chinese not installed (scripts/setup.sh install)")
    m = ZinniaModel(DEFAULT_MODEL)
    yield m
    m.close()

"""手写 pad: on the catalog search, write 居 with simulated touches, pick it, take 住 and 证 from the
associations, and the search shows 居住证; screenshots in Chinese, English and elderly mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screens.walkthrough.handwriting_journey import open_pad as open_walkthrough_pad
from screens.walkthrough.handwriting_journey import write_strokes

pytestmark = pytest.mark.ui

STROKES = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "handwriting" / "strokes.json").read_text(encoding="utf-8")
)


def write(ui, ink, strokes: list) -> None:  # noqa: ANN001
    """Draw ``strokes`` on ``ink`` with a finger (the walk-through's own helper)."""
    write_strokes(ui, ink, strokes)


def open_pad(ui):  # noqa: ANN001, ANN201
    return open_walkthrough_pad(ui)


def pick(ui, pad, char: str) -> None:  # noqa: ANN001
    assert char in pad.candidates, (char, pad.candidates)
    ui.tap(f"hw_cand_{pad.candidates.index(char)}")


def test_handwriting_walkthrough_finds_juzhuzheng_with_a_clean_audit(ui) -> None:  # noqa: ANN001
    from screens.walkthrough.handwriting_journey import handwriting_journey

    handwriting_journey(ui)
    assert ui.current == "home" or ui.services.session.is_pristine()


def test_write_ju_then_associations_find_juzhuzheng(ui) -> None:  # noqa: ANN001
    try:
        pad = open_pad(ui)
        assert pad.overlay is not None and pad.overlay.parent is not None, "the pad covers the screen"
        ui.screenshot(ui.artifacts / "pad-empty.png")
        write(ui, ui.find("ink"), STROKES["居"])
        ui.wait_until(lambda: bool(pad.candidates) and not pad.associating, 10, "candidates after the pause")
        assert 8 <= len(pad.candidates) <= 10
        assert pad.candidates[0] == "居", pad.candidates
        ui.screenshot(ui.artifacts / "pad-written-ju.png")
        pick(ui, pad, "居")
        assert ui.find("search").text == "居"
        assert ui.find("hw_typed").text == "居", "the pad shows what has been typed"
        assert pad.associating and not ui.find("ink").strokes
        ui.screenshot(ui.artifacts / "pad-associations.png")
        pick(ui, pad, "住")
        pick(ui, pad, "证")
        assert ui.find("search").text == "居住证"
        ui.pump(3)
        assert ui.find("result_0").title.startswith("居住证"), ui.find("result_0").title
        ui.screenshot(ui.artifacts / "pad-juzhuzheng.png")
        ui.tap("hw_delete")
        assert ui.find("search").text == "居住"
        write(ui, ui.find("ink"), STROKES["证"][:3])
        ui.tap("hw_rewrite")
        assert not ui.find("ink").strokes and pad.candidates == []
        ui.tap("hw_back")
        assert pad.overlay.parent is None
        assert ui.find("search").text == "居住"
        ui.tap("key_j")
    finally:
        ui.services.session.end("reset")
        ui.pump(3)


@pytest.mark.parametrize("variant", ["en", "elderly"])
def test_pad_in_english_and_elderly_mode(ui, variant: str) -> None:  # noqa: ANN001
    if variant == "en":
        ui.tap("language_switch")
    else:
        ui.app.toggle_elderly()
    try:
        pad = open_pad(ui)
        normal_touch = 140 * ui.app.theme.scale
        assert ui.find("hw_cand_0").height >= 0.8 * normal_touch * 0.99
        write(ui, ui.find("ink"), STROKES["证"])
        ui.wait_until(lambda: bool(pad.candidates) and not pad.associating, 10, "candidates after the pause")
        assert pad.candidates[0] == "证"
        ui.screenshot(ui.artifacts / f"pad-{variant}.png")
        if variant == "elderly":
            assert ui.find("ink").height > ui.find("hw_rewrite").height * 3
        pick(ui, pad, "证")
        ui.screenshot(ui.artifacts / f"pad-{variant}-associations.png")
        ui.tap("hw_back")
    finally:
        if variant == "en":
            ui.tap("language_switch")
        else:
            ui.app.toggle_elderly()
        ui.services.session.end("reset")
        ui.pump(3)

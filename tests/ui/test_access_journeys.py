"""The elderly and English walk-throughs: the application journey completes in elderly mode and in
English with no Chinese on any screen on the way."""

from __future__ import annotations

import pytest

from screens.walkthrough.journeys_access import elderly_journey, english_journey

pytestmark = pytest.mark.ui


def test_elderly_walkthrough_completes(ui) -> None:  # noqa: ANN001
    elderly_journey(ui)
    assert any("elderly-on" in p.name for p in ui.artifacts.glob("*.png"))
    assert any("rating" in p.name for p in ui.artifacts.glob("*.png"))


def test_english_walkthrough_has_no_chinese(ui) -> None:  # noqa: ANN001
    checked = english_journey(ui)
    assert set(checked) == {"catalog", "apply", "bundle", "progress", "ticket", "licences"}, checked
    assert all(n >= 2 for n in checked.values()), checked
    assert any("-en-" in p.name and "receipt" in p.name for p in ui.artifacts.glob("*.png"))


def _without_english(node: object) -> object:
    """A catalog document as a platform without English would send it."""
    if isinstance(node, dict):
        return {k: _without_english(v) for k, v in node.items() if not k.endswith("_en")}
    if isinstance(node, list):
        return [_without_english(v) for v in node]
    return node


def test_english_guide_of_a_catalog_without_english(ui, monkeypatch) -> None:  # noqa: ANN001
    """A platform's catalog lacking English: the English guide says so in one plain line, never in Chinese."""
    from kiosk.catalog import CHINESE_ONLY, CHINESE_ONLY_NAME, Catalog, CatalogRuntime, sample_document
    from screens.walkthrough.journeys_access import CJK, chinese_on_screen

    bare = Catalog.from_dict(_without_english(sample_document()))
    monkeypatch.setattr(CatalogRuntime, "current", property(lambda _self: bare))
    ui.tap("language_switch")
    ui.tap("entry_apply")
    ui.wait_until(lambda: ui.current == "catalog", what="the catalog")
    ui.app.manager.get_screen("catalog").choose("370481-GA-HJ-004")
    ui.wait_until(lambda: ui.current == "guide", what="the guide")
    ui.pump(4)
    ui.auto_shot("guide-without-english")
    lines = [w.text for w in ui.find("sections").children]
    assert any(CHINESE_ONLY in text for text in lines)
    assert ui.find("target_name").text == CHINESE_ONLY_NAME
    assert not [text for text in lines if CJK.search(text)]
    assert chinese_on_screen(ui) == []
    ui.tap("home_button")
    ui.wait_until(lambda: ui.current == "home", what="home")

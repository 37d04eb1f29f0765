"""The elderly and English walk-throughs: the application journey completes in elderly mode and in
English with no Chinese on any screen on the way."""

from __future__ import annotations

import pytest

from screens.journeys_access import elderly_journey, english_journey

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

"""The header's accessibility bar on every screen: elderly mode (larger type, stronger contrast, fewer
items, longer timeouts), repeat the prompt, volume, help request to the platform; speech stops on a
screen change and prompts follow the language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

HEADER_TARGETS = ("language_switch", "help", "elderly_toggle", "repeat_prompt", "volume_down", "volume_up")


def _at_1080(ui, widget_id: str) -> tuple[float, float]:  # noqa: ANN001
    widget = ui.find(widget_id)
    scale = ui.app.theme.scale
    return widget.width / scale, widget.height / scale


def test_header_targets_are_at_least_120_px_and_the_hall_name_fits(ui) -> None:  # noqa: ANN001
    for elderly in (False, True):
        if elderly:
            ui.tap("elderly_toggle")
        for widget_id in HEADER_TARGETS:
            width, height = _at_1080(ui, widget_id)
            assert height >= 120 and width >= 120, f"{widget_id} is {width:.0f}×{height:.0f} px at 1080 wide"
        for language in ("zh-CN", "en"):
            if ui.app.language != language:
                ui.tap("language_switch")
            logo = ui.find("logo")
            assert _lines_fit(logo), f"the hall name {logo.text!r} should fit its box ({language}, elderly {elderly})"
            for widget_id in ("elderly_toggle", "repeat_prompt", "volume_level", "language_switch", "help"):
                assert _lines_fit(ui.find(widget_id)), f"{widget_id} text should fit ({language}, elderly {elderly})"
            ui.auto_shot(f"elderly-{elderly}")


def _lines_fit(label) -> bool:  # noqa: ANN001
    from kivy.core.text import Label as CoreLabel

    core = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold, text_size=(label.text_size[0] or label.width, None))
    core.refresh()
    return core.texture.size[1] <= label.height + 1

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

    width = label.text_size[0] or label.width
    core = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold, text_size=(width, None))
    core.refresh()
    return core.texture.size[1] <= label.height + 1


def test_repeat_says_the_screens_prompt_again_in_the_session_language(ui) -> None:  # noqa: ANN001
    spoken = ui.services.devices["speech"].spoken
    spoken.clear()
    ui.tap("repeat_prompt")
    assert spoken == [("zh-CN", ui.services.t("home.prompt"))]
    ui.tap("language_switch")
    assert spoken[-1] == ("en", "Welcome. Please touch the service you need."), "switching language says the prompt"
    ui.tap("repeat_prompt")
    assert spoken[-1][0] == "en" and len(spoken) == 3


def test_volume_buttons_change_the_speaker_and_say_the_level(ui) -> None:  # noqa: ANN001
    speaker = ui.services.devices["speech"]
    start = speaker.volume
    try:
        ui.tap("volume_up")
        assert speaker.volume == min(100, start + 20) and ui.app.volume == speaker.volume
        assert f"{speaker.volume}%" in ui.find("volume_level").text
        assert speaker.spoken[-1] == ("zh-CN", f"音量{speaker.volume}%")
        for _ in range(8):
            ui.tap("volume_down")
        assert speaker.volume == 0 and "0%" in ui.find("volume_level").text
    finally:
        ui.app.assist.set_volume(start)
        ui.app.volume = start


def test_speech_stops_when_the_screen_changes(ui, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    speaker = ui.services.devices["speech"]
    stops: list[str] = []
    real_stop = speaker.stop_speaking
    monkeypatch.setattr(speaker, "stop_speaking", lambda: (stops.append(ui.current), real_stop())[1])
    ui.tap("entry_apply")
    assert ui.current == "catalog" and stops == ["home"], "the home prompt should stop when the catalog shows"
    assert speaker.spoken[-1] == ("zh-CN", ui.services.t("catalog.prompt"))
    ui.app.go_home()
    ui.pump(3)
    assert stops == ["home", "catalog"]


def test_elderly_mode_follows_the_session_and_strengthens_contrast(ui) -> None:  # noqa: ANN001
    from screens.theme import COLOURS, ELDERLY_PAGE_SIZE, PAGE_SIZE

    theme = ui.app.theme
    body, touch = theme.body, theme.touch
    assert theme.page_size == PAGE_SIZE
    ui.tap("elderly_toggle")
    assert ui.services.session.elderly and theme.elderly
    assert theme.body >= 1.4 * body and theme.touch > touch and theme.page_size == ELDERLY_PAGE_SIZE
    assert _contrast(theme.colours["muted"], theme.colours["card"]) > _contrast(COLOURS["muted"], COLOURS["card"])
    assert ui.find("elderly_toggle").text == "长辈模式：开"
    ui.tap("entry_progress")
    assert theme.elderly, "elderly mode stays on for the whole session"
    ui.services.session.end("cancelled")
    ui.pump(3)
    assert not theme.elderly and theme.body == body, "the session end returns to standard mode"
    ui.services.session.set_elderly(True)
    ui.wait_until(lambda: theme.elderly, timeout=5, what="the theme following session.elderly")
    ui.services.session.end("reset")
    ui.pump(3)


def _luminance(rgba) -> float:  # noqa: ANN001
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:  # noqa: ANN001
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_header_colours_meet_wcag_aa(ui) -> None:  # noqa: ANN001
    from screens.theme import COLOURS, HIGH_CONTRAST

    white = (1, 1, 1, 1)
    for palette in (COLOURS, HIGH_CONTRAST):
        for role in ("header", "primary", "secondary", "accent", "muted", "licence", "danger"):
            assert _contrast(white, palette[role]) >= 4.5, f"white on {role} is below 4.5:1"
        assert _contrast(palette["text"], palette["background"]) >= 7


def test_help_button_reaches_the_platform_and_tells_the_citizen(ui) -> None:  # noqa: ANN001
    desk = ui.services.platform.app.help_desk
    before = len(desk.requests())
    ui.tap("entry_queue")
    step = ui.services.session.step.value
    ui.tap("help")
    assert ui.find("help_title").text == "工作人员马上就到"
    assert "已通知工作人员" in ui.find("help_body").text
    ui.wait_until(lambda: len(desk.requests()) > before, timeout=20, what="the help request at the platform")
    request = desk.requests()[-1]
    assert request["kiosk_id"] == ui.services.settings.kiosk.id and request["step"] == step
    ui.auto_shot("help")
    ui.tap("help_ok")
    with pytest.raises(Exception, match="no widget"):
        ui.find("help_ok")
    assert ui.current == step


def test_help_with_the_platform_down_says_to_wave_to_staff(ui) -> None:  # noqa: ANN001
    from kiosk.platform.faults import Faults

    platform = ui.services.platform
    platform.set_faults(Faults(drop_before=1.0))
    try:
        ui.tap("help")
        ui.wait_until(lambda: "联系不上" in ui.find("help_body").text, timeout=30, what="the offline help text")
        assert ui.find("help_title").text == "请向工作人员求助"
        ui.auto_shot("help-offline")
    finally:
        platform.set_faults(Faults())
    ui.services.session.end("reset")
    ui.pump(3)
    with pytest.raises(Exception, match="no widget"):
        ui.find("help_ok")


def test_elderly_mode_uses_simpler_wording_where_offered(ui) -> None:  # noqa: ANN001
    ui.tap("elderly_toggle")
    ui.tap("help")
    assert ui.find("help_body").text == "工作人员马上来，请在这里等一下。"
    assert ui.app.t("home.footer") == "用完请取走证件。需要帮忙，请点“呼叫帮办”。"
    assert ui.app.t("app.help") == "呼叫帮办", "keys without a simple variant keep their text"
    ui.tap("help_ok")
    ui.services.journey.assist.wait()
    ui.services.session.end("reset")
    ui.pump(3)
    assert ui.app.t("home.footer").startswith("请勿将证件")


def test_texts_on_screen_switch_to_simpler_words_with_elderly_mode(ui) -> None:  # noqa: ANN001
    ui.tap("entry_apply")
    assert ui.find("search").hint_text == "输入名称、拼音或首字母，如 hkqr"
    ui.tap("elderly_toggle")
    assert ui.find("search").hint_text == "输入名称或拼音", "a text bound in kv follows elderly mode at once"
    ui.tap("elderly_toggle")
    assert ui.find("search").hint_text.startswith("输入名称、拼音或首字母")

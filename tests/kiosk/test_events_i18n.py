"""Event bus delivery and failure isolation; locales complete and consistent."""

from __future__ import annotations

import re
import threading

import pytest

from kiosk.errors import LocaleError
from kiosk.events import EventBus, SessionEnded, SessionEvent, StepChanged
from kiosk.i18n import LANGUAGES, Translator


def test_bus_delivers_by_type_and_survives_a_broken_handler() -> None:
    bus = EventBus()
    got: list = []
    bus.subscribe(SessionEvent, got.append)
    bus.subscribe(StepChanged, lambda e: 1 / 0)
    unsubscribe = bus.subscribe(SessionEnded, got.append)
    bus.publish(StepChanged("catalog", "home"))
    bus.publish(SessionEnded("idle"))
    unsubscribe()
    bus.publish(SessionEnded("finished"))
    assert got == [StepChanged("catalog", "home"), SessionEnded("idle"), SessionEnded("idle"), SessionEnded("finished")]


def test_bus_publish_from_many_threads() -> None:
    bus = EventBus()
    got: list = []
    bus.subscribe(SessionEnded, got.append)
    threads = [threading.Thread(target=lambda: [bus.publish(SessionEnded("x")) for _ in range(200)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 800


def test_every_locale_has_every_key_with_the_same_placeholders() -> None:
    translator = Translator()
    reference = translator.keys("zh-CN")
    assert len(reference) > 30
    for language in LANGUAGES:
        keys = translator.keys(language)
        assert keys == reference, f"{language}: missing {reference - keys}, extra {keys - reference}"
        translator.language = language
        for key in keys:
            text = translator._tables[language][key]
            zh = translator._tables["zh-CN"][key]
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", zh)), key
            assert text.strip(), f"{language}:{key} is empty"


def test_english_locale_has_no_chinese_except_the_language_switch() -> None:
    translator = Translator("en")
    for key in translator.keys("en"):
        if key == "app.language_switch":
            continue
        assert not re.search(r"[\u4e00-\u9fff]", translator.t(key)), key


def test_missing_key_shows_the_key_and_unknown_language_is_refused() -> None:
    translator = Translator()
    assert translator.t("no.such.key") == "no.such.key"
    assert translator.t("idle.countdown", seconds=5).startswith("5 秒")
    with pytest.raises(LocaleError):
        translator.language = "fr"


def test_language_and_elderly_mode_are_two_settings_of_one_lookup() -> None:
    translator = Translator("zh-CN")
    assert translator.wording("coming_soon.prompt") == translator.t("coming_soon.prompt")
    translator.elderly = True
    assert translator.simple_key("coming_soon.prompt") == "coming_soon.prompt_simple"
    assert translator.wording("coming_soon.prompt") == translator.t("coming_soon.prompt_simple")
    assert translator.simple_key("app.title") == "app.title", "no simpler text: the usual one"
    translator.language = "en"
    assert translator.wording("coming_soon.prompt") == "This is not ready yet. Touch Home."


def test_session_pushes_preference_changes_as_events() -> None:
    from kiosk.clock import OffsetClock
    from kiosk.events import PreferencesChanged
    from kiosk.session import Session

    bus = EventBus()
    seen: list[PreferencesChanged] = []
    bus.subscribe(PreferencesChanged, seen.append)
    session = Session(bus, OffsetClock())
    session.set_elderly(True)
    session.set_elderly(True)  # no change, no event
    session.set_language("en")
    session.end("cancelled")
    assert seen == [
        PreferencesChanged("zh-CN", True),
        PreferencesChanged("en", True),
        PreferencesChanged("zh-CN", False),
    ]

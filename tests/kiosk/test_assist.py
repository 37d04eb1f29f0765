"""Assist on real services (no UI): help requests reach the reference platform over loopback HTTP with
the kiosk id and step (and fail cleanly when it is down), prompts repeat, errors and confirmations are
spoken in the session's language, volume is clamped and cycles, elderly mode lengthens the timeouts."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kiosk.journey.assist import VOLUME_LEVELS, HelpFailed, HelpSent
from kiosk.session import IdlePhase
from kiosk.settings import KioskSettings
from tests.kiosk_helpers import running_services


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # noqa: ANN201
    """Real services: simulated devices, embedded platform on loopback, data in a temp dir."""

    def adjust(settings: KioskSettings) -> None:
        settings.kiosk.id = "TZ07"
        settings.health.enabled = False

    with running_services(tmp_path_factory.mktemp("assist-data"), adjust) as services:
        yield services


@pytest.fixture
def fresh(services):  # noqa: ANN001, ANN201
    from kiosk.platform.faults import Faults

    if not services.session.is_pristine():
        services.session.end("reset")
    services.platform.set_faults(Faults())
    services.devices["speech"].spoken.clear()
    yield services
    services.journey.assist.wait()
    services.platform.set_faults(Faults())
    if not services.session.is_pristine():
        services.session.end("reset")


def _collect(services, event_type: type) -> tuple[list, threading.Event]:  # noqa: ANN001
    seen: list = []
    done = threading.Event()

    def on(event: object) -> None:
        seen.append(event)
        done.set()

    services.bus.subscribe(event_type, on)
    return seen, done


def test_help_request_reaches_the_platform_with_kiosk_id_and_step(fresh) -> None:  # noqa: ANN001
    services = fresh
    sent, done = _collect(services, HelpSent)
    services.session.start("queue")
    services.session.set_elderly(True)
    step = services.journey.assist.request_help()
    assert step == "queue"
    assert done.wait(20), "the platform should acknowledge the help request"
    requests = services.platform.app.help_desk.requests()
    mine = [r for r in requests if r["help_id"] == sent[-1].help_id]
    assert mine and mine[0]["kiosk_id"] == "TZ07" and mine[0]["step"] == "queue" and mine[0]["elderly"] is True
    assert services.devices["speech"].spoken[-1] == ("zh-CN", services.t("assist.help_coming_simple")), (
        "in elderly mode the confirmation is said in simpler words"
    )


def test_help_request_with_the_platform_down_reports_failure(fresh) -> None:  # noqa: ANN001
    from kiosk.platform.faults import Faults

    services = fresh
    failed, done = _collect(services, HelpFailed)
    before = len(services.platform.app.help_desk.requests())
    services.platform.set_faults(Faults(drop_before=1.0))
    services.journey.assist.request_help()
    assert done.wait(30), "an unreachable platform should be reported"
    assert failed[-1].step == "home" and failed[-1].reason
    assert len(services.platform.app.help_desk.requests()) == before


def test_prompts_repeat_in_the_session_language(fresh) -> None:  # noqa: ANN001
    services = fresh
    assist = services.journey.assist
    spoken = services.devices["speech"].spoken
    assist.prompt("home.prompt")
    services.session.set_language("en")
    assert assist.repeat() == "home.prompt"
    assert spoken[-2][0] == "zh-CN" and "欢迎" in spoken[-2][1]
    assert spoken[-1] == ("en", "Welcome. Please touch the service you need.")
    assist.say_error("assist.help_offline")
    assist.say_confirmation("assist.volume_now", volume=60)
    assert spoken[-1] == ("en", "Volume 60 percent")
    services.session.end("reset")
    assert assist.repeat() == "", "the session end forgets the last prompt"


def test_elderly_mode_speaks_every_screen_prompt_in_simpler_words(fresh) -> None:  # noqa: ANN001
    services = fresh
    assist = services.journey.assist
    spoken = services.devices["speech"].spoken
    translator = services.translator
    for language in ("zh-CN", "en"):
        prompts = sorted(k for k in translator.keys(language) if k.endswith(".prompt"))
        assert len(prompts) >= 16
        missing = [k for k in prompts if f"{k}_simple" not in translator.keys(language)]
        assert missing == [], f"{language}: screen prompts without simpler wording: {missing}"
    assist.set_elderly(True)
    assist.prompt("home.prompt")
    assert spoken[-1] == ("zh-CN", "您好，请点您要办的事。")
    assert assist.repeat() == "home.prompt", "repeat says the same prompt, still in simple words"
    assert spoken[-1] == ("zh-CN", "您好，请点您要办的事。")
    services.session.set_language("en")
    assist.repeat()
    assert spoken[-1] == ("en", "Hello. Touch what you need.")
    assist.set_elderly(False)
    assist.repeat()
    assert spoken[-1] == ("en", "Welcome. Please touch the service you need.")


def test_volume_is_clamped_and_cycles(fresh) -> None:  # noqa: ANN001
    assist = fresh.journey.assist
    speaker = fresh.devices["speech"]
    assert assist.set_volume(250) == 100 and speaker.volume == 100
    assert assist.adjust_volume(-300) == 0 and speaker.volume == 0
    levels = [assist.next_volume() for _ in VOLUME_LEVELS]
    assert levels == list(VOLUME_LEVELS)
    assert assist.next_volume() == VOLUME_LEVELS[0]
    assist.set_volume(fresh.settings.devices.speech.volume)


def test_elderly_mode_doubles_the_idle_timeout_and_ends_with_the_session(fresh) -> None:  # noqa: ANN001
    services = fresh
    session = services.session
    session.start("progress")
    assert services.journey.assist.toggle_elderly() is True
    assert services.devices["speech"].spoken[-1][1] == services.t("assist.elderly_on")
    services.clock.advance(session.idle_timeout_s + 1)
    assert session.idle_phase()[0] is IdlePhase.ACTIVE, "elderly mode should give more time"
    services.clock.advance(session.idle_timeout_s * (session.elderly_factor - 1))
    assert session.idle_phase()[0] is IdlePhase.WARNING
    session.end("reset")
    assert session.elderly is False

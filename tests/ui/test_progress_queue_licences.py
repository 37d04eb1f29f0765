"""Progress query, queue ticket and electronic licences driven like a citizen through the real screens:
the receipt's QR code shown to the simulated camera, typed case numbers, the simulated card, the
embedded platform (online and down) and the simulated printer."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from kiosk.platform.faults import Faults
from screens.walkthrough.journeys_more import licences_journey, progress_journey, ticket_journey

pytestmark = pytest.mark.ui


@pytest.fixture
def kiosk(ui) -> Iterator:  # noqa: ANN001
    """The driven app; camera, platform and session restored afterwards."""
    yield ui
    ui.services.devices["camera"].show(None)
    ui.services.platform.set_faults(Faults())
    ui.services.journey.identify.wait_idle(10)
    if not ui.services.session.is_pristine():
        ui.services.session.end("reset")
    ui.pump(3)


def test_progress_by_receipt_qr_typed_number_and_card(kiosk) -> None:  # noqa: ANN001
    progress_journey(kiosk)
    screen = kiosk.app.manager.get_screen("progress")
    assert screen.mode == "start" and not screen.ids.cases.children and screen.ids.number.text == ""


def test_progress_wrong_and_unknown_numbers_and_platform_down(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    camera = ui.services.devices["camera"]
    camera.show(np.full((480, 640, 3), 128, np.uint8))  # the sample playlist holds a receipt: keep it away
    ui.wait_until(lambda: int(camera.latest_frame().std()) == 0, 10, "an empty camera picture")
    ui.tap("entry_progress")
    screen = ui.app.manager.get_screen("progress")
    ui.tap("type_number")
    for ch in "12":
        ui.tap(f"num_{ch}")
    ui.tap("query")
    assert screen.mode == "typing" and screen.message == ui.app.t("progress.failed_invalid")
    ui.auto_shot("invalid")
    for ch in "34567":
        ui.tap(f"num_{ch}")
    ui.tap("query")
    ui.wait_until(lambda: screen.mode == "failed", 20, "the not-found answer")
    assert screen.message == ui.app.t("progress.failed_not_found")
    ui.auto_shot("not-found")
    ui.tap("language_switch")
    assert screen.message == ui.app.t("progress.failed_not_found") and "No such case" in screen.message
    ui.auto_shot("not-found")
    ui.tap("again")
    ui.services.platform.set_faults(Faults(drop_before=1.0))
    ui.services.devices["idcard"].place_sample(0)
    ui.wait_until(lambda: screen.mode == "failed", 20, "the offline answer")
    assert screen.message == ui.app.t("progress.failed_offline")
    ui.auto_shot("offline")
    ui.tap("home_button")
    assert ui.current == "home"


def test_ticket_online_then_local_fallback_marked(kiosk) -> None:  # noqa: ANN001
    ticket_journey(kiosk)
    assert kiosk.app.manager.get_screen("queue").number == ""


def test_ticket_list_in_english_and_elderly_pages(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    ui.tap("language_switch")
    ui.tap("entry_queue")
    screen = ui.app.manager.get_screen("queue")
    first = ui.find("service_0")
    assert first.title == "Construction permit" or first.title.isascii()
    assert first.hint == "Window only"
    normal_pages = screen.pages
    ui.app.toggle_elderly()
    try:
        ui.pump(3)
        assert ui.app.theme.elderly and screen.pages > normal_pages
        ui.auto_shot("elderly")
    finally:
        if ui.app.theme.elderly:
            ui.app.toggle_elderly()
    ui.tap("home_button")


def test_licences_list_qr_and_printed_summary(kiosk) -> None:  # noqa: ANN001
    licences_journey(kiosk)
    screen = kiosk.app.manager.get_screen("licences")
    assert not screen.ids.licences.children and screen.qr_texture is None

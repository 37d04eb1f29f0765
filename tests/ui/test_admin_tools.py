"""The technician's tools driven through the real app: self-tests, outbox, platform check, logs, config,
reprint, restart and exit; the admin walk-through saves a screenshot of every step."""

from __future__ import annotations

import pytest

from screens.walkthrough.admin_journey import admin_journey, enter_admin, run_action
from tests.sync.helpers import application

pytestmark = pytest.mark.ui


def test_admin_journey_uses_every_tool_with_screenshots(ui) -> None:  # noqa: ANN001
    admin_journey(ui)
    shots = sorted(p.name for p in ui.artifacts.glob("*.png"))
    for part in (
        "admin_dashboard",
        "admin_selftest",
        "card",
        "face",
        "page",
        "print",
        "admin_outbox",
        "admin_network",
        "admin_logs",
        "admin_config",
    ):
        assert any(part in s for s in shots), f"no screenshot of {part}: {shots}"


def test_card_self_test_shows_the_identity_masked(ui) -> None:  # noqa: ANN001
    enter_admin(ui)
    ui.tap("open_selftest")
    sample = ui.services.devices["idcard"].samples[0]
    assert run_action(ui, "test_card", "card")
    status = ui.find("panel_status").text
    assert sample.id_number[-4:] in status and sample.id_number not in status and sample.name not in status
    assert ui.services.session.draft.identity is None, "a test card must not stay in the session"
    assert ui.current == "admin_selftest", "a card read in admin mode must not start a citizen journey"
    ui.tap("admin_back")
    assert ui.app.manager.get_screen("admin_selftest").status_text == "", "the result is forgotten on leaving"


def test_print_self_test_reports_paper_out_and_shows_the_preview(ui) -> None:  # noqa: ANN001
    from devices.printer.simulator import SimState

    printer = ui.services.devices["printer"]
    enter_admin(ui)
    ui.tap("open_selftest")
    old = printer.simulator.engine.state
    printer.simulator.engine.state = SimState.named("out")
    try:
        assert not run_action(ui, "test_print", "paper-out")
        assert "缺纸" in ui.find("panel_status").text or "paper" in ui.find("panel_status").text.lower()
        assert ui.app.manager.current_screen.texture is not None, "the preview shows even when nothing printed"
    finally:
        printer.simulator.engine.state = old
    assert "printer" in ui.find("panel_body").text


def test_outbox_screen_lists_failed_items_and_retries(ui) -> None:  # noqa: ANN001
    outbox = ui.services.sync.outbox
    queued = outbox.put(application(31, sizes=(1000,), visit="ui-outbox-31"))
    outbox.mark_failed(queued.id, "HTTP 400 [invalid_item]: no such item", status=400, code="invalid_item")
    enter_admin(ui)
    ui.tap("open_outbox")
    assert queued.local_ref in ui.find("panel_body").text and "invalid_item" in ui.find("panel_body").text
    ui.tap("outbox_retry")
    assert "1" in ui.find("panel_status").text
    assert any(a.outcome == "requeued" for a in outbox.attempts(queued.id))


def test_network_check_lists_the_doctor_results(ui) -> None:  # noqa: ANN001
    enter_admin(ui)
    ui.tap("open_network")
    screen = ui.app.manager.current_screen
    ui.wait_until(lambda: not screen.busy and bool(screen.body_text), 30, "the platform check")
    body = ui.find("panel_body").text
    assert "platform_reachable" in body and "signature_accepted" in body and "outbox_depth" in body


def test_reprint_without_receipt_says_so_then_reprints(ui) -> None:  # noqa: ANN001
    from kiosk.receipts import sample_receipt

    enter_admin(ui)
    ui.tap("admin_reprint")
    assert "回执" in ui.find("admin_message").text
    printer = ui.services.devices["printer"]
    before = len(printer.printed_jobs)
    ui.services.last_receipt = (sample_receipt(), "ui-app-1")
    try:
        ui.tap("admin_reprint")
        assert len(printer.printed_jobs) == before + 1
    finally:
        ui.services.last_receipt = None


@pytest.mark.parametrize(("button", "code"), [("admin_restart", 75), ("admin_exit", 0)])
def test_restart_and_exit_stop_the_app_with_their_status(ui, monkeypatch, button, code) -> None:  # noqa: ANN001
    stopped: list[bool] = []
    monkeypatch.setattr(ui.app, "stop", lambda *a: stopped.append(True))  # the session's only app must live on
    enter_admin(ui)
    ui.tap(button)
    assert stopped == [True] and ui.services.exit_code == code


def test_admin_mode_closes_itself_when_left_untouched(ui) -> None:  # noqa: ANN001
    enter_admin(ui)
    ui.tap("open_logs")
    ui.services.clock.advance(ui.services.settings.admin.idle_timeout_s - 5)
    ui.pump(40)  # the guard checks twice a second: still open before the timeout
    assert ui.current == "admin_logs" and ui.services.admin_mode
    ui.tap("admin_back")  # a touch restarts the count
    ui.services.clock.advance(ui.services.settings.admin.idle_timeout_s - 5)
    ui.pump(40)
    assert ui.services.admin_mode
    ui.services.clock.advance(10)
    ui.wait_until(lambda: ui.current == "home", 5, "admin mode to close")
    ui.pump(3)  # let the home screen's on_enter run while the app is alive
    assert not ui.services.admin_mode

"""The technician's walk-through: gesture + PIN, every admin tool used once, screenshots of each."""

from __future__ import annotations

from screens.walkthrough.driver import DriverError, UiDriver


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise DriverError(reason)


def enter_admin(d: UiDriver) -> None:
    """Open the PIN pad with the hidden gesture and type the configured PIN."""
    for _ in range(d.services.settings.admin.gesture_taps):
        d.tap("logo")
    _expect(d.current == "admin_pin", f"the gesture should open the PIN pad, not {d.current}")
    for digit in d.services.settings.admin.pin:
        d.tap(f"key_{digit}")
    d.tap("pin_enter")
    _expect(d.current == "admin_dashboard", f"the PIN should open the dashboard, not {d.current}")


def run_action(d: UiDriver, button_id: str, label: str, timeout: float = 30.0) -> bool:
    """Tap an action of the current tool screen, wait for its result, save a screenshot; True if it passed."""
    screen = d.app.manager.current_screen
    d.tap(button_id)
    d.wait_until(lambda: not screen.busy, timeout, f"{button_id} to finish")
    d.pump(3)
    d.auto_shot(label)
    return bool(screen.status_ok)


def admin_journey(d: UiDriver) -> None:
    """Dashboard → self-tests (card, face, page, print) → outbox (retry, export) → network → logs → config
    → reprint → leave."""
    enter_admin(d)
    _expect("idcard" in d.find("device_list").text, "the dashboard should list the devices")
    d.tap("open_selftest")
    _expect(d.current == "admin_selftest", "self-tests should open")
    for button, label in (("test_card", "card"), ("test_face", "face"), ("test_page", "page"), ("test_print", "print")):
        _expect(run_action(d, button, label), f"{button} failed: {d.find('panel_status').text}")
        if button != "test_card":
            _expect(d.app.manager.current_screen.texture is not None, f"{button} should show a picture")
    d.tap("admin_back")
    d.tap("open_outbox")
    _expect(d.current == "admin_outbox", "the outbox should open")
    d.tap("outbox_retry")
    run_action(d, "outbox_export", "export")
    d.tap("admin_back")
    d.tap("open_network")
    _expect(d.current == "admin_network", "the network check should open")
    d.wait_until(lambda: bool(d.find("panel_body").text), 30, "the platform check")
    d.auto_shot("checked")
    d.tap("admin_back")
    d.tap("open_logs")
    _expect(d.current == "admin_logs", "the logs should open")
    d.tap("admin_back")
    d.tap("open_config")
    _expect("admin.pin = ***" in d.find("panel_body").text, "the config summary must hide the PIN")
    d.tap("admin_back")
    d.tap("admin_reprint")
    d.auto_shot("reprint")
    d.tap("admin_leave")
    _expect(d.current == "home" and not d.services.admin_mode, "leaving admin mode should return home")

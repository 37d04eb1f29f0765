"""The Kivy shell driven like a citizen and a technician: home, language, idle, coming soon, admin
gesture and PIN with lockout, and a window that keys cannot close outside admin mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from screens.walkthrough.journeys import coming_soon_journey, home_journey

pytestmark = pytest.mark.ui


def test_home_shows_four_large_entry_points_in_chinese(ui) -> None:  # noqa: ANN001
    assert ui.current == "home"
    titles = [ui.find(i).title for i in ("entry_apply", "entry_progress", "entry_queue", "entry_licences")]
    assert titles == ["我要办事", "查询进度", "取号排队", "电子证照"]
    scale = ui.app.theme.scale
    for widget_id in ("entry_apply", "language_switch", "help"):
        widget = ui.find(widget_id)
        assert widget.height / scale >= 100, f"{widget_id} is {widget.height / scale:.0f} px at 1080 wide"
    assert ("zh-CN", "欢迎使用政务服务自助终端，请点击您要办理的业务。") in ui.services.devices["speech"].spoken


def test_home_journey_language_switch_and_idle_timeout(ui) -> None:  # noqa: ANN001
    home_journey(ui)
    shots = sorted(p.name for p in ui.artifacts.glob("*.png"))
    assert any("-en" in s for s in shots) and any("idle" in s for s in shots)


def test_every_entry_point_leads_somewhere_and_back(ui) -> None:  # noqa: ANN001
    expected = {
        "entry_apply": "catalog",
        "entry_progress": "progress",
        "entry_queue": "queue",
        "entry_licences": "identify",
    }
    for entry, screen in expected.items():
        ui.tap(entry)
        assert ui.current == screen, f"{entry} should lead to {screen}, not {ui.current}"
        ui.app.go_home()
        ui.pump(3)
        assert ui.current == "home"
    assert ui.services.session.is_pristine()


def test_a_journey_without_its_screens_leads_to_coming_soon(ui) -> None:  # noqa: ANN001
    manager = ui.app.manager
    progress = manager.get_screen("progress")
    manager.remove_widget(progress)
    try:
        ui.tap("entry_progress")
        assert ui.current == "coming_soon"
        ui.tap("home_button")
        assert ui.current == "home"
    finally:
        manager.add_widget(progress)


def test_coming_soon_walkthrough(ui) -> None:  # noqa: ANN001
    coming_soon_journey(ui)
    assert ui.current == "home"


def test_idle_countdown_is_shown_and_a_touch_keeps_the_session(ui) -> None:  # noqa: ANN001
    ui.tap("entry_queue")
    assert ui.current == "queue"
    ui.advance(ui.services.session.idle_timeout_s + 2)
    assert ui.overlay_open()
    assert "秒后将返回首页" in ui.find("idle_countdown").text
    ui.tap("idle_continue")
    assert not ui.overlay_open()
    assert ui.current == "queue"
    ui.advance(5)
    assert not ui.overlay_open() and ui.current == "queue"
    assert ui.services.devices["speech"].spoken[-1] == ("zh-CN", "您还在吗？如需继续，请点击屏幕。")


def test_idle_warning_in_elderly_mode_comes_later_in_simpler_words(ui) -> None:  # noqa: ANN001
    ui.tap("entry_queue")
    ui.tap("elderly_toggle")
    ui.advance(ui.services.session.idle_timeout_s + 2)
    assert not ui.overlay_open(), "elderly mode gives more time"
    ui.advance(ui.services.session.idle_timeout_s)
    assert ui.overlay_open()
    assert ui.find("idle_countdown").text.startswith("还有")
    assert ui.services.devices["speech"].spoken[-1] == ("zh-CN", "您还在吗？请点一下屏幕。")
    ui.tap("idle_continue")


def test_escape_and_alt_f4_cannot_close_the_kiosk(ui) -> None:  # noqa: ANN001
    assert ui.press_key(27) is True
    assert ui.press_key(285, ["alt"]) is True
    assert ui.request_close() is True
    assert ui.current == "home"


def test_admin_gesture_pin_lockout_and_dashboard(ui, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    caplog.set_level("INFO")
    for _ in range(4):
        ui.tap("logo")
    assert ui.current == "home", "four taps are not the gesture"
    ui.tap("logo")
    assert ui.current == "admin_pin"
    for attempt in range(5):
        for key in "1111":
            ui.tap(f"key_{key}")
        ui.tap("pin_enter")
        if attempt < 4:
            assert str(4 - attempt) in ui.find("pin_message").text
    assert "锁定" in ui.find("pin_message").text
    for key in ui.services.settings.admin.pin:
        ui.tap(f"key_{key}")
    ui.tap("pin_enter")
    assert ui.current == "admin_pin", "the right PIN must be refused during the lockout"
    ui.services.clock.advance(ui.services.settings.admin.lockout_s + 1)
    for key in ui.services.settings.admin.pin:
        ui.tap(f"key_{key}")
    assert ui.find("pin_display").text == "●" * len(ui.services.settings.admin.pin)
    ui.tap("pin_enter")
    assert ui.current == "admin_dashboard"
    assert "idcard" in ui.find("device_list").text
    assert ui.request_close() is False, "in admin mode the window may close"
    assert ui.press_key(27) is False
    ui.tap("admin_leave")
    assert ui.current == "home" and not ui.services.admin_mode
    events = [getattr(r, "result", None) for r in caplog.records if getattr(r, "event", "") == "admin_login"]
    assert events.count("wrong_pin") == 4 and "lockout" in events and "locked" in events and "ok" in events


def test_walkthrough_command_writes_screenshots(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "screens", "walkthrough", "--journey", "home", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= 4
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert "completed" in result.stdout
    assert "accessibility audit: " in result.stdout and "no problems" in result.stdout


def test_walkthrough_reports_an_unknown_journey(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "screens", "walkthrough", "--journey", "nowhere", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown journey" in result.stderr

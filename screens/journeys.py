"""Scripted journeys through the real app, used by ``kiosk walkthrough`` and the UI tests.

Each journey takes a :class:`~screens.driver.UiDriver`, acts like a citizen, checks what it sees and
raises :class:`~screens.driver.DriverError` with the reason when the app does not behave.
"""

from __future__ import annotations

from collections.abc import Callable

from screens.driver import DriverError, UiDriver


def expect(condition: bool, reason: str) -> None:
    """Fail the journey with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise DriverError(reason)


def home_journey(d: UiDriver) -> None:
    """Home → language switch → idle warning → idle timeout back to a Chinese home screen."""
    expect(d.current == "home", f"the kiosk should start at home, not {d.current}")
    expect("办事" in d.find("entry_apply").title, "home should be in Chinese at start")
    d.tap("language_switch")
    expect(d.app.language == "en", "language switch should turn the screen to English")
    expect(d.find("entry_apply").title == "Apply for a service", "the entry should read in English")
    session = d.services.session
    d.advance(session.idle_timeout_s + 1)
    expect(d.overlay_open(), "the idle warning should show after the idle timeout")
    d.advance(session.idle_warning_s + 1)
    expect(not d.overlay_open(), "the idle warning should close when the session ends")
    expect(d.current == "home", f"idle timeout should return home, not {d.current}")
    expect(d.app.language == "zh-CN", "the session end should restore Chinese")
    d.auto_shot("after-idle")


def coming_soon_journey(d: UiDriver) -> None:
    """Each entry point that is not built yet leads to 'coming soon' and back home."""
    for entry in ("entry_apply", "entry_progress", "entry_queue", "entry_licences"):
        d.tap(entry)
        expect(d.current == "coming_soon", f"{entry} should lead somewhere, not stay at {d.current}")
        d.tap("home_button")
        expect(d.current == "home", "the home button should return home")


JOURNEYS: dict[str, Callable[[UiDriver], None]] = {
    "home": home_journey,
    "coming_soon": coming_soon_journey,
}
"""Journeys by name for ``kiosk walkthrough --journey NAME``."""

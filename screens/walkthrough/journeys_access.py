"""Walk-throughs for accessibility: ``elderly`` (the application journey in elderly mode) and ``english``
(the application, bundle, progress, queue ticket and licences journeys in English, failing on any screen
that shows Chinese).

Both reuse the journeys of :mod:`screens.walkthrough.journeys` and
:mod:`screens.walkthrough.journeys_more` after switching the mode on from the header, so they
prove the whole journey still completes with larger type and in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kivy.uix.label import Label
from kivy.uix.textinput import TextInput

from screens.theme import ELDERLY_PAGE_SIZE
from screens.walkthrough.access_audit import is_visible, on_screen
from screens.walkthrough.driver import DriverError, UiDriver

CJK = re.compile(r"[\u3400-\u9fff]")
"""Chinese characters (what must not appear on an English screen)."""
ENGLISH_EXEMPT_IDS = {"language_switch"}
"""Widgets that rightly show Chinese in English mode: the button that switches back to 中文."""


def expect(condition: bool, reason: str) -> None:
    """Fail the walk-through with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise DriverError(reason)


def visible_texts(d: UiDriver) -> Iterator[tuple[str, str]]:
    """``(widget id, text)`` of every visible label and button on the screen and its overlays (not the
    text boxes, which hold what the citizen typed)."""
    for name, widget in on_screen(d.app):
        if isinstance(widget, Label) and not isinstance(widget, TextInput) and widget.text and is_visible(widget):
            yield name, widget.text


def personal_texts(d: UiDriver) -> list[str]:
    """The citizen's own data (name, address, what they typed) that may rightly be Chinese on an English screen."""
    identity = d.services.session.draft.identity
    values = [getattr(identity, f, "") for f in ("name", "address")] if identity is not None else []
    for value in d.services.session.draft.form.values():  # an address is a dict of its parts (省/市/区…)
        values += [str(v) for v in value.values()] if isinstance(value, dict) else [value]
    values = [v for v in values if isinstance(v, str)]
    return [v for v in values if v and CJK.search(v)]


def chinese_on_screen(d: UiDriver) -> list[str]:
    """Widgets showing Chinese, outside the exempt ones and the citizen's own data."""
    personal = personal_texts(d)
    found = []
    for name, text in visible_texts(d):
        if name in ENGLISH_EXEMPT_IDS or not CJK.search(text):
            continue
        stripped = text
        for value in personal:
            stripped = stripped.replace(value, "").replace(value[0] + "*", "")  # whole, or masked 张*
        if not CJK.search(stripped):
            continue
        found.append(f"{d.current}:{name}={text[:40]!r}")
    return found


def _checking_shots(d: UiDriver, check: Callable[[UiDriver], None]) -> Callable[[], None]:
    """Run ``check`` whenever the driver takes a picture of a new screen; returns the undo."""
    original = d.auto_shot

    def shot(label: str = "") -> object:
        check(d)
        return original(label)

    d.auto_shot = shot  # type: ignore[method-assign]
    return lambda: setattr(d, "auto_shot", original)


def elderly_journey(d: UiDriver) -> None:
    """Elderly mode from the header: larger type, fewer items, longer timeout; the application completes."""
    from screens.walkthrough.journeys import apply_journey

    theme = d.app.theme
    session = d.services.session
    expect(d.current == "home", f"the walk-through starts at home, not {d.current}")
    body_before = theme.body
    d.tap("elderly_toggle")
    expect(session.elderly and theme.elderly, "the header's toggle should turn elderly mode on")
    expect(theme.body >= 1.4 * body_before - 0.01, f"type should grow by 1.4× ({body_before:.1f} → {theme.body:.1f})")
    expect(theme.page_size == ELDERLY_PAGE_SIZE, "lists should show fewer items per page")
    d.auto_shot("elderly-on")
    d.advance(session.idle_timeout_s + 1)
    expect(not d.overlay_open(), "elderly mode should give more time before the idle warning")
    session.touch()

    def still_elderly(driver: UiDriver) -> None:
        if driver.services.session.step.value != "home":
            expect(driver.app.theme.elderly, f"elderly mode should stay on at {driver.current}")

    undo = _checking_shots(d, still_elderly)
    try:
        apply_journey(d)
    finally:
        undo()
    d.pump(3)
    expect(not session.elderly and not theme.elderly, "the session end should turn elderly mode off")


def _english_entries(d: UiDriver) -> Callable[[], None]:
    """Switch to English before every tap on a home entry (each journey's session starts in Chinese);
    returns the undo."""
    original = d.tap

    def tap(target: object) -> None:
        if isinstance(target, str) and target.startswith("entry_") and d.current == "home" and d.app.language != "en":
            original("language_switch")
            expect(d.app.language == "en", "the language switch should turn the kiosk to English")
        original(target)  # type: ignore[arg-type]

    d.tap = tap  # type: ignore[method-assign]
    return lambda: setattr(d, "tap", original)


def catalog_journey(d: UiDriver) -> None:
    """The catalog by department, one department's items, and the enterprise side; then home."""
    d.tap("entry_apply")
    d.wait_until(lambda: d.current == "catalog", what="the catalog")
    d.tap("by_department")
    d.pump(4)
    d.auto_shot("departments")
    for group in ("result_0", "result_1"):  # the bundles, then the first department's items
        d.tap(group)
        d.pump(4)
        d.auto_shot("group-items")
        d.tap("back_button")
        d.pump(4)
    d.tap("audience_enterprise")
    d.pump(4)
    d.auto_shot("enterprise")
    d.tap("audience_personal")  # the catalog screen keeps its tabs across sessions: leave them as found
    d.tap("by_theme")
    d.tap("home_button")
    d.wait_until(lambda: d.current == "home", what="home after the catalog")


def english_journey(d: UiDriver) -> dict[str, int]:
    """The catalog, application, bundle, progress, ticket and licences journeys in English: no screen on the way
    shows Chinese (except the 中文 button and the citizen's own name and address). Returns how many
    English pictures each journey checked."""
    from screens.walkthrough.journeys import apply_journey, bundle_journey
    from screens.walkthrough.journeys_more import licences_journey, progress_journey, ticket_journey

    expect(d.current == "home", f"the walk-through starts at home, not {d.current}")
    offenders: list[str] = []
    checked: dict[str, int] = {}
    journey = ""

    def no_chinese(driver: UiDriver) -> None:
        if driver.services.session.language == "en":
            checked[journey] = checked.get(journey, 0) + 1
            offenders.extend(x for x in chinese_on_screen(driver) if x not in offenders)

    undo_shots = _checking_shots(d, no_chinese)
    undo_taps = _english_entries(d)
    try:
        for journey, run in (
            ("catalog", catalog_journey),
            ("apply", apply_journey),
            ("bundle", bundle_journey),
            ("progress", progress_journey),
            ("ticket", ticket_journey),
            ("licences", licences_journey),
        ):
            run(d)
            expect(d.current == "home", f"the {journey} journey should end at home, not {d.current}")
            expect(d.app.language == "zh-CN", f"the end of the {journey} journey should restore Chinese")
    finally:
        undo_taps()
        undo_shots()
    expect(not offenders, "Chinese text on English screens: " + "; ".join(offenders[:12]))
    return checked


JOURNEYS: dict[str, Callable[[UiDriver], object]] = {
    "elderly": elderly_journey,
    "english": english_journey,
}
"""Walk-throughs to register in :data:`screens.walkthrough.journeys.JOURNEYS`."""

"""Walk-throughs for accessibility: ``elderly`` (the application journey in elderly mode) and ``english``
(the application journey in English, failing on any screen that shows Chinese).

Both reuse the application journey (:func:`screens.journeys.apply_journey`) after switching the mode on
from the header, so they prove the whole journey still completes with larger type and in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kivy.core.window import Window
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from screens.driver import DriverError, UiDriver
from screens.theme import ELDERLY_PAGE_SIZE

CJK = re.compile(r"[\u3400-\u9fff]")
"""Chinese characters (what must not appear on an English screen)."""
ENGLISH_EXEMPT_IDS = {"language_switch"}
"""Widgets that rightly show Chinese in English mode: the button that switches back to 中文."""
_CATALOG_MATERIALS = "material names come from the catalog in Chinese only (kiosk/catalog/situations.py)"
_KEYBOARD = "screens/widgets/keyboard.py sets key labels once and does not follow a language switch"
ENGLISH_PENDING = {
    "guide:GuideLines": "kiosk/catalog/guide.py builds the guide's lines (办事指南) in Chinese only",
    "situations:target_name": "the situations screen shows the item's name, not its name_en",
    "situations:materials": _CATALOG_MATERIALS,
    "materials:name": _CATALOG_MATERIALS,
    "review:KLabel": _CATALOG_MATERIALS,
    "*:key_backspace": _KEYBOARD,
    "*:num_backspace": _KEYBOARD,
    "*:key_space": _KEYBOARD,
    "*:mode_switch": _KEYBOARD,
}
"""``screen:widget`` (``*`` for any screen) still Chinese in English mode for a known reason outside
this module's reach; listed, not hidden (:func:`english_journey` returns the ones it let through).
Remove an entry when its owner fixes it."""


def expect(condition: bool, reason: str) -> None:
    """Fail the walk-through with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise DriverError(reason)


def _visible(widget: Widget) -> bool:
    node: Widget | None = widget
    while node is not None and node is not Window:
        if getattr(node, "opacity", 1) == 0 or node.width <= 1 or node.height <= 1:
            return False
        node = node.parent
    return True


def visible_texts(d: UiDriver) -> Iterator[tuple[str, str]]:
    """``(widget id, text)`` of every visible label and button on the screen and its overlays (not the
    text boxes, which hold what the citizen typed)."""
    tops = [d.app.manager.current_screen, *[w for w in Window.children if w is not d.app.manager]]
    for top in tops:
        names = {}
        for widget in top.walk(restrict=True):
            for name, child in (getattr(widget, "ids", None) or {}).items():
                names[id(getattr(child, "__self__", child))] = name
        for widget in top.walk(restrict=True):
            if isinstance(widget, Label) and not isinstance(widget, TextInput) and widget.text and _visible(widget):
                yield names.get(id(widget), type(widget).__name__), widget.text


def pending_reason(screen: str, widget: str) -> str:
    """Why ``widget`` on ``screen`` may still be Chinese in English mode ("" when it may not)."""
    return ENGLISH_PENDING.get(f"{screen}:{widget}") or ENGLISH_PENDING.get(f"*:{widget}", "")


def personal_texts(d: UiDriver) -> list[str]:
    """The citizen's own data (name, address) that may rightly be Chinese on an English screen."""
    identity = d.services.session.data.identity
    values = [getattr(identity, f, "") for f in ("name", "address")] if identity is not None else []
    values += [str(v) for v in d.services.session.data.form.values() if isinstance(v, str)]
    return [v for v in values if v and CJK.search(v)]


def chinese_on_screen(d: UiDriver, pending: list[str] | None = None) -> list[str]:
    """Widgets showing Chinese, outside the exempt ones and the citizen's own data; those of a class in
    :data:`ENGLISH_PENDING` go to ``pending`` instead."""
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
        where = f"{d.current}:{name}={text[:40]!r}"
        if pending is not None and pending_reason(d.current, name):
            pending.append(where)
        else:
            found.append(where)
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
    from screens.journeys import apply_journey

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


def english_journey(d: UiDriver) -> list[str]:
    """The application journey in English: no screen on the way shows Chinese (except the 中文 button
    and the citizen's own name and address); returns the known pending ones (:data:`ENGLISH_PENDING`)."""
    from screens.journeys import apply_journey

    expect(d.current == "home", f"the walk-through starts at home, not {d.current}")
    d.tap("language_switch")
    expect(d.app.language == "en", "the language switch should turn the kiosk to English")
    offenders: list[str] = []
    pending: list[str] = []

    def no_chinese(driver: UiDriver) -> None:
        if driver.services.session.language == "en":
            offenders.extend(x for x in chinese_on_screen(driver, pending) if x not in offenders)

    undo = _checking_shots(d, no_chinese)
    try:
        apply_journey(d)
    finally:
        undo()
    expect(not offenders, "Chinese text on English screens: " + "; ".join(offenders[:12]))
    expect(d.app.language == "zh-CN", "the session end should restore Chinese")
    return sorted(set(pending))


JOURNEYS: dict[str, Callable[[UiDriver], object]] = {
    "elderly": elderly_journey,
    "english": english_journey,
}
"""Walk-throughs to register in :data:`screens.journeys.JOURNEYS`."""

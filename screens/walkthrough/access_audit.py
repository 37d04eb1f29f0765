"""Accessibility audit of what is on screen, read from the widget tree (issue 9 item 8).

For every visible text: the contrast of its colour against what is painted under it (WCAG AA, 4.5:1
for body text), its type size, and that it fits its widget (long English, larger elderly type); for
every visible, enabled touch target (buttons, text boxes): its size. Sizes are judged on the 1080 px
wide reference screen (the theme's scale), and elderly mode must keep its 1.4× larger type. Findings
name the widget by its kv id, so a failing audit says what to fix.

:class:`AccessAudit` attaches to a :class:`~screens.walkthrough.driver.UiDriver` and audits every new screen the
driver sees; the UI tests and ``kiosk walkthrough`` fail on its findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kivy.core.window import Window
from kivy.graphics import BorderImage, Color, Rectangle, RoundedRectangle
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

if TYPE_CHECKING:
    from screens.walkthrough.driver import UiDriver

MIN_CONTRAST = 4.5
"""WCAG 2.1 AA for body text (1.4.3)."""
MIN_TEXT_PX = 28
"""Smallest type (font size in px on the 1080 px wide screen, about 7 mm on a 21.5-inch portrait)."""
ELDERLY_TEXT_FACTOR = 1.4
"""Elderly mode: the smallest type grows at least this much (issue 9 item 4)."""
MIN_TOUCH_PX = 88
"""Smallest side of a touch target on the 1080 px wide screen (about 22 mm on a 21.5-inch portrait,
above the 20 mm kiosk guidance); the keyboard's keys are the smallest targets on purpose."""
KIVY_BUTTON_GREY = (0.345, 0.345, 0.345)
"""Kivy's default button image, for buttons that keep it (ours use flat colours)."""
Rgb = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Finding:
    """One widget failing one rule on one screen."""

    screen: str
    widget: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.screen}:{self.widget} {self.rule}: {self.detail}"


# --- colour -------------------------------------------------------------------------------------------
def luminance(rgb: Rgb) -> float:
    """Relative luminance of an sRGB colour with channels 0..1 (WCAG 2.1)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(max(0.0, min(1.0, c))) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Rgb, b: Rgb) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top: tuple[float, ...], under: Rgb) -> Rgb:
    """``top`` (RGBA) painted over the opaque colour ``under``."""
    alpha = top[3] if len(top) > 3 else 1.0
    return tuple(t * alpha + u * (1 - alpha) for t, u in zip(top[:3], under, strict=True))  # type: ignore[return-value]


def _hex(rgb: Rgb) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def _own_fill(widget: Widget) -> tuple[float, ...] | None:
    """The flat colour a button or text box paints under its own text."""
    if isinstance(widget, TextInput):
        return tuple(widget.background_color)
    if isinstance(widget, Button):
        image = widget.background_down if widget.state == "down" else widget.background_normal
        tint = tuple(widget.background_color)
        if image:
            return (*(g * t for g, t in zip(KIVY_BUTTON_GREY, tint[:3], strict=True)), tint[3])
        return tint
    return None


def _fills(node: Widget, point: tuple[float, float]) -> list[tuple[float, ...]]:
    """Colours ``node`` paints under its children at window ``point``, bottom first."""
    layers = [node.canvas.before]
    if not isinstance(node, Label):  # a label's canvas is its text
        layers.append(node.canvas)
    local = isinstance(node, RelativeLayout)
    found: list[tuple[float, ...]] = []
    for layer in layers:
        colour: tuple[float, ...] = (1, 1, 1, 1)
        for instruction in layer.children:
            if isinstance(instruction, Color):
                colour = tuple(instruction.rgba)
            elif isinstance(instruction, Rectangle | RoundedRectangle | BorderImage):
                x0, y0 = node.to_window(*instruction.pos, initial=not local)
                w, h = instruction.size
                if x0 <= point[0] <= x0 + w and y0 <= point[1] <= y0 + h and colour[3] > 0:
                    found.append(colour)
    return found


def background(widget: Widget) -> Rgb:
    """The opaque colour under the middle of ``widget``'s text: its own fill, then its ancestors' canvas
    fills from the nearest down, over the window's clear colour."""
    point = widget.to_window(*widget.center)
    stack: list[tuple[float, ...]] = []  # top first
    own = _own_fill(widget)
    if own is not None:
        stack.append(own)
    else:
        stack.extend(reversed(_fills(widget, point)))
    node = widget.parent
    while isinstance(node, Widget) and node is not Window:
        stack.extend(reversed(_fills(node, point)))
        node = node.parent
    colour: Rgb = tuple(Window.clearcolor[:3])  # type: ignore[assignment]
    for fill in reversed(stack):
        colour = over(fill, colour)
    return colour


# --- the tree ---------------------------------------------------------------------------------------
def is_visible(widget: Widget) -> bool:
    """True when neither the widget nor an ancestor is transparent or collapsed."""
    node: Widget | None = widget
    while node is not None and node is not Window:
        if getattr(node, "opacity", 1) == 0 or node.width <= 1 or node.height <= 1:
            return False
        node = node.parent
    return True


def on_screen(app: object) -> Iterator[tuple[str, Widget]]:
    """``(name, widget)`` for every widget of the current screen and the overlays above it; the name is
    the widget's kv id when it has one, else its class and text."""
    manager = app.manager  # type: ignore[attr-defined]
    tops = [manager.current_screen, *[w for w in Window.children if w is not manager]]
    for top in tops:
        names: dict[int, str] = {}
        for widget in top.walk(restrict=True):
            for name, child in (getattr(widget, "ids", None) or {}).items():
                names.setdefault(id(getattr(child, "__self__", child)), name)
        for widget in top.walk(restrict=True):
            text = str(getattr(widget, "text", "") or "")
            anonymous = f"{type(widget).__name__}{text[:16]!r}" if text else type(widget).__name__
            yield names.get(id(widget), anonymous), widget


def is_target(widget: Widget) -> bool:
    """True for what a finger is meant to press: buttons and text boxes."""
    return isinstance(widget, ButtonBehavior | TextInput)


def audit_screen(app: object, screen: str) -> list[Finding]:
    """Every text and touch target on screen now that breaks a rule."""
    theme = app.theme  # type: ignore[attr-defined]
    scale = theme.scale or 1.0
    min_text = MIN_TEXT_PX * (ELDERLY_TEXT_FACTOR if theme.elderly else 1.0)
    findings: list[Finding] = []
    for name, widget in on_screen(app):
        if not isinstance(widget, Label | TextInput) and not is_target(widget):
            continue
        if widget.disabled or not is_visible(widget):
            continue  # WCAG exempts inactive controls; hidden widgets are not seen
        if is_target(widget):
            side = min(widget.width, widget.height) / scale
            if side < MIN_TOUCH_PX - 0.5:
                findings.append(
                    Finding(
                        screen,
                        name,
                        "touch target",
                        f"{widget.width / scale:.0f}×{widget.height / scale:.0f} px, needs {MIN_TOUCH_PX} px",
                    )
                )
        if isinstance(widget, Label | TextInput):
            findings.extend(_text_findings(screen, name, widget, min_text, scale))
    return findings


def _text_findings(screen: str, name: str, widget: Widget, min_text: float, scale: float) -> list[Finding]:
    if isinstance(widget, TextInput):
        shown = [
            (widget.text, widget.foreground_color),
            (widget.hint_text if not widget.text else "", widget.hint_text_color),
        ]
    else:
        shown = [(widget.text, widget.color)]
    out = []
    if not isinstance(widget, TextInput) and str(widget.text).strip():
        text_w, text_h = widget.texture_size
        if text_w > widget.width + 2 or text_h > widget.height + 2:
            size = (
                f"text {text_w / scale:.0f}×{text_h / scale:.0f} px in {widget.width / scale:.0f}×"
                f"{widget.height / scale:.0f}"
            )
            out.append(Finding(screen, name, "text cut off", size))
    for text, colour in shown:
        if not str(text).strip():
            continue
        size = widget.font_size / scale
        if size < min_text - 0.5:
            out.append(Finding(screen, name, "type size", f"{size:.0f} px, needs {min_text:.0f} px"))
        under = background(widget)
        ink = over(tuple(colour), under)
        ratio = contrast(ink, under)
        if ratio < MIN_CONTRAST:
            out.append(
                Finding(
                    screen, name, "contrast", f"{ratio:.2f}:1 ({_hex(ink)} on {_hex(under)}), needs {MIN_CONTRAST}:1"
                )
            )
    return out


class AccessAudit:
    """Audits each new screen a driver shows; keeps the findings (each once) and the screens seen."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.screens: set[str] = set()

    def attach(self, driver: UiDriver) -> AccessAudit:
        """Run on every new screen ``driver`` records; returns self."""
        driver.screen_checks.append(self.check)
        return self

    def check(self, driver: UiDriver) -> None:
        """Audit the screen on show now."""
        label = (
            driver.current
            + ("/elderly" if driver.app.theme.elderly else "")
            + ("/en" if driver.app.language == "en" else "")
        )
        self.screens.add(label)
        for finding in audit_screen(driver.app, label):
            if finding not in self.findings:
                self.findings.append(finding)

    def report(self, limit: int = 30) -> str:
        """The findings, one per line (at most ``limit``)."""
        lines = [str(f) for f in self.findings[:limit]]
        if len(self.findings) > limit:
            lines.append(f"… and {len(self.findings) - limit} more")
        return "\n".join(lines)

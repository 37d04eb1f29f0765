"""Handwriting pad (手写) inside the on-screen keyboard: write one character, pick it, take the next.

The ink area records strokes; after a short pause following each stroke the strokes go to the shared
:class:`kiosk.handwriting.recognizer.Recognizer` (zinnia on its own thread) and 8-10 candidates appear
above. Picking one types it into the keyboard's target, clears the ink and offers likely next
characters (:class:`kiosk.handwriting.associations.Associations`): 居 → 住 → 证.
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Line
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget

from kiosk.handwriting.associations import Associations
from kiosk.handwriting.errors import HandwritingError
from kiosk.handwriting.recognizer import Recognizer
from kiosk.handwriting.zinnia import Candidate
from kiosk.settings.handwriting import DEFAULT_MODEL

PAUSE = 0.4
"""Seconds without a stroke before the candidates are refreshed."""
SLOTS = 10
"""Candidate buttons (two rows of five)."""


class _Engine:
    """One recogniser and one association map for the whole app, made on first use."""

    def __init__(self, model_path: str) -> None:
        self.listener: HandwritingPad | None = None
        self.recognizer = Recognizer(model_path, self._answer, self._failed)
        self.associations = Associations()

    def _answer(self, request_id: int, candidates: list[Candidate]) -> None:
        pad = self.listener  # worker thread: hand the answer to the UI thread
        if pad is not None:
            Clock.schedule_once(lambda _dt: pad.show_candidates(request_id, [c.char for c in candidates]))

    def _failed(self, request_id: int, _error: HandwritingError) -> None:
        pad = self.listener
        if pad is not None:
            Clock.schedule_once(lambda _dt: pad.show_unavailable())


_engine: _Engine | None = None


def shared_engine() -> _Engine:
    """The app's handwriting engine (model path from ``[handwriting] model_path``)."""
    global _engine
    if _engine is None:
        services = getattr(App.get_running_app(), "services", None)
        settings = getattr(services, "settings", None)
        path = settings.handwriting.model_path if settings is not None else DEFAULT_MODEL
        _engine = _Engine(path)
    return _engine


class InkArea(Widget):
    """A square-ish writing area: a finger's strokes become ink and point lists in a 0-1000 square."""

    strokes = ListProperty([])
    """Finished strokes, each a list of ``(x, y)`` in the 0-1000 square, y downwards."""
    ink_width = 6.0

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._lines: list[Line] = []

    def to_square(self, x: float, y: float) -> tuple[int, int]:
        """Window-free widget coordinates to the 0-1000 square (y downwards), clamped."""
        side = max(1.0, min(self.width, self.height))
        left, top = self.center_x - side / 2, self.center_y + side / 2
        return (
            max(0, min(1000, round((x - left) * 1000 / side))),
            max(0, min(1000, round((top - y) * 1000 / side))),
        )

    def on_touch_down(self, touch: object) -> bool:
        """Start a stroke inside the area."""
        if not self.collide_point(*touch.pos):  # type: ignore[attr-defined]
            return False
        touch.grab(self)  # type: ignore[attr-defined]
        with self.canvas.after:
            Color(0.05, 0.1, 0.3, 1)
            line = Line(points=list(touch.pos), width=self.ink_width)  # type: ignore[attr-defined]
        self._lines.append(line)
        touch.ud["hw_points"] = [self.to_square(*touch.pos)]  # type: ignore[attr-defined]
        touch.ud["hw_line"] = line  # type: ignore[attr-defined]
        return True

    def on_touch_move(self, touch: object) -> bool:
        """Extend the stroke being written."""
        if touch.grab_current is not self:  # type: ignore[attr-defined]
            return False
        touch.ud["hw_line"].points += list(touch.pos)  # type: ignore[attr-defined]
        touch.ud["hw_points"].append(self.to_square(*touch.pos))  # type: ignore[attr-defined]
        return True

    def on_touch_up(self, touch: object) -> bool:
        """Finish the stroke: it joins ``strokes`` (which the pad watches)."""
        if touch.grab_current is not self:  # type: ignore[attr-defined]
            return False
        touch.ungrab(self)  # type: ignore[attr-defined]
        self.strokes = [*self.strokes, touch.ud["hw_points"]]  # type: ignore[attr-defined]
        return True

    def clear(self) -> None:
        """Remove the ink and the strokes."""
        self.canvas.after.clear()
        self._lines = []
        self.strokes = []


class HandwritingPad(BoxLayout):
    """Candidates above, the ink area, and rewrite / delete / done keys below."""

    keyboard = ObjectProperty(None, allownone=True)
    """The :class:`~screens.widgets.keyboard.OnScreenKeyboard` that types the picked characters."""
    overlay = ObjectProperty(None, allownone=True)
    """The :class:`HandwritingOverlay` holding the pad, closed by :meth:`back`."""
    candidates = ListProperty([])
    """Characters on the candidate buttons (recognised, or next-character associations)."""
    associating = BooleanProperty(False)
    """True when ``candidates`` are associations after a pick rather than recognition answers."""
    status_key = StringProperty("handwriting.write_here")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._engine = shared_engine()
        self._engine.listener = self
        self._request = 0
        self._chosen = ""
        self._pending = Clock.create_trigger(self._recognise, PAUSE)

    def on_kv_post(self, base_widget: object) -> None:
        """Watch the ink; speak the hint."""
        self.ids.ink.bind(strokes=lambda *_a: self._pending())
        assist = getattr(App.get_running_app(), "assist", None)
        if assist is not None:
            assist.say_confirmation("handwriting.hint")

    def _recognise(self, *_args: object) -> None:
        strokes = self.ids.ink.strokes
        if strokes:
            self._request = self._engine.recognizer.submit(strokes, SLOTS)

    def show_candidates(self, request_id: int, chars: list[str]) -> None:
        """A recognition answer arrived (UI thread); answers older than the last request are ignored."""
        if request_id != self._request or not self.ids.ink.strokes:
            return
        self.associating = False
        self.candidates = chars[:SLOTS]
        self.status_key = "handwriting.candidates"

    def show_unavailable(self) -> None:
        """The model could not be loaded: say so and point to pinyin."""
        self.candidates = []
        self.status_key = "handwriting.unavailable"

    def pick(self, index: int) -> None:
        """Type the character on candidate button ``index``, clear the ink, propose next characters."""
        if index >= len(self.candidates):
            return
        char = self.candidates[index]
        if self.keyboard is not None:
            self.keyboard.key_raw(char)
        self._chosen = (self._chosen + char)[-4:]
        self._pending.cancel()
        self._request += 1  # an answer still on its way is for the ink just cleared
        self.ids.ink.clear()
        self.candidates = self._engine.associations.next_chars(self._chosen, SLOTS)
        self.associating = bool(self.candidates)
        self.status_key = "handwriting.next_chars" if self.candidates else "handwriting.write_here"

    def rewrite(self) -> None:
        """Clear the ink and the candidates."""
        self._pending.cancel()
        self._request += 1
        self.ids.ink.clear()
        self.candidates = []
        self.associating = False
        self.status_key = "handwriting.write_here"

    def delete(self) -> None:
        """With ink: rewrite; without: delete the character before the cursor."""
        if self.ids.ink.strokes:
            self.rewrite()
        elif self.keyboard is not None:
            self._chosen = self._chosen[:-1]
            self.keyboard.backspace()

    def back(self) -> None:
        """Done: close the pad (back to the keyboard and the screen under it)."""
        self._engine.listener = None
        self._pending.cancel()
        if self.overlay is not None:
            self.overlay.dismiss(animation=False)


class HandwritingOverlay(ModalView):
    """The pad over the whole screen, with what has been typed so far at the top."""

    keyboard = ObjectProperty(None, allownone=True)
    typed = StringProperty("")
    """The target field's text, shown so the citizen sees each picked character land."""

    def on_kv_post(self, base_widget: object) -> None:
        """Follow the target field's text."""
        target = getattr(self.keyboard, "target", None)
        if target is not None:
            self.typed = target.text
            target.bind(text=self._follow)

    def _follow(self, _field: object, text: str) -> None:
        self.typed = text

    def on_dismiss(self) -> None:
        """Stop following the field."""
        target = getattr(self.keyboard, "target", None)
        if target is not None:
            target.unbind(text=self._follow)


def open_handwriting(keyboard: object) -> HandwritingOverlay:
    """Open the pad for ``keyboard`` (an :class:`~screens.widgets.keyboard.OnScreenKeyboard`)."""
    overlay = HandwritingOverlay(keyboard=keyboard)
    overlay.open(animation=False)
    return overlay


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Signature pad: the citizen signs with a finger; the strokes become a PNG kept in memory only."""

from __future__ import annotations

import io
from pathlib import Path

from kivy.graphics import Color, Line
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

MIN_POINTS = 12
"""Fewer points than this is a tap, not a signature."""


class SignaturePad(Widget):
    """A white area that records strokes; ``signed`` turns true once there is enough ink."""

    signed = BooleanProperty(False)
    stroke_width = NumericProperty(3.0)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._points = 0
        self._lines: list[Line] = []

    def on_touch_down(self, touch: object) -> bool:
        """Start a stroke inside the pad."""
        if not self.collide_point(*touch.pos):  # type: ignore[attr-defined]
            return False
        touch.grab(self)  # type: ignore[attr-defined]
        with self.canvas.after:
            Color(0.05, 0.1, 0.3, 1)
            line = Line(points=list(touch.pos), width=self.stroke_width)  # type: ignore[attr-defined]
        self._lines.append(line)
        touch.ud["signature_line"] = line  # type: ignore[attr-defined]
        return True

    def on_touch_move(self, touch: object) -> bool:
        """Extend the stroke while the finger stays inside."""
        line = touch.ud.get("signature_line") if touch.grab_current is self else None  # type: ignore[attr-defined]
        if line is None:
            return False
        x, y = touch.pos  # type: ignore[attr-defined]
        if self.collide_point(x, y):
            line.points += [x, y]
            self._points += 1
            self.signed = self._points >= MIN_POINTS
        return True

    def on_touch_up(self, touch: object) -> bool:
        """End the stroke."""
        if touch.grab_current is self:  # type: ignore[attr-defined]
            touch.ungrab(self)  # type: ignore[attr-defined]
            return True
        return False

    def clear(self) -> None:
        """Wipe the strokes (retry, or the end of the session)."""
        self.canvas.after.clear()
        self._lines.clear()
        self._points = 0
        self.signed = False

    def png_bytes(self) -> bytes:
        """The signature as PNG bytes, rendered in memory (never written to a file)."""
        image = self.export_as_image()
        buffer = io.BytesIO()
        image.save(buffer, fmt="png")
        return buffer.getvalue()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

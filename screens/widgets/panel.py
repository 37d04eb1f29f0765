"""A part of a screen that is shown or hidden in place: hidden, it takes no room and no touches."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout


class ShownPanel(BoxLayout):
    """A vertical box filling its share of the screen while ``shown``; hidden, zero high, invisible and
    deaf to touches (a hidden disabled widget would otherwise swallow the touches over it)."""

    shown = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        self.bind(shown=self._apply)
        self._apply()

    def _apply(self, *_args: Any) -> None:
        self.size_hint_y = 1 if self.shown else None
        if not self.shown:
            self.height = 0
        self.opacity = 1 if self.shown else 0

    def on_touch_down(self, touch: Any) -> bool:
        """Only a shown panel hands touches to its children."""
        return super().on_touch_down(touch) if self.shown else False

    def on_touch_move(self, touch: Any) -> bool:
        """Only a shown panel hands touches to its children."""
        return super().on_touch_move(touch) if self.shown else False

    def on_touch_up(self, touch: Any) -> bool:
        """Only a shown panel hands touches to its children."""
        return super().on_touch_up(touch) if self.shown else False

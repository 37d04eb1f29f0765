"""All sizes and colours in one place, scaled to the window and enlarged in elderly mode.

Sizes are given for the 1080 px wide portrait reference screen and multiplied by ``scale`` (window
width / 1080), so a 540×960 test window looks exactly like the real screen at half size.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, NumericProperty

REFERENCE_WIDTH = 1080
ELDERLY_TYPE = 1.4
"""Elderly mode enlarges type by at least 1.4× (issue 9)."""

COLOURS = {
    "background": (0.96, 0.97, 0.99, 1),
    "header": (0.05, 0.27, 0.55, 1),
    "header_text": (1, 1, 1, 1),
    "text": (0.1, 0.12, 0.16, 1),
    "muted": (0.35, 0.38, 0.45, 1),
    "primary": (0.05, 0.39, 0.78, 1),
    "secondary": (0.0, 0.55, 0.45, 1),
    "accent": (0.85, 0.45, 0.0, 1),
    "licence": (0.45, 0.25, 0.65, 1),
    "danger": (0.75, 0.1, 0.1, 1),
    "card": (1, 1, 1, 1),
    "overlay": (0, 0, 0, 0.6),
}


class Theme(EventDispatcher):
    """Observable sizes: kv rules bind to them, so resizing or elderly mode re-lays out at once."""

    scale = NumericProperty(1.0)
    elderly = BooleanProperty(False)

    type_scale = NumericProperty(1.0)
    title = NumericProperty(64)
    heading = NumericProperty(52)
    body = NumericProperty(38)
    small = NumericProperty(30)
    button = NumericProperty(48)
    touch = NumericProperty(140)
    """Minimum height of a touch target (about 13 mm on a 27-inch portrait screen)."""
    pad = NumericProperty(32)
    header = NumericProperty(150)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(scale=self._recompute, elderly=self._recompute)
        self._recompute()

    def set_window_width(self, width: float) -> None:
        """Scale everything to a window ``width`` pixels wide."""
        self.scale = width / REFERENCE_WIDTH

    def _recompute(self, *_args: object) -> None:
        s = self.scale
        self.type_scale = s * (ELDERLY_TYPE if self.elderly else 1.0)
        t = self.type_scale
        self.title, self.heading, self.body, self.small, self.button = 64 * t, 52 * t, 38 * t, 30 * t, 48 * t
        self.touch = 140 * s * (1.2 if self.elderly else 1.0)
        self.pad = 32 * s
        self.header = 150 * s

    @staticmethod
    def colour(name: str) -> tuple[float, float, float, float]:
        """An RGBA colour by role name."""
        return COLOURS[name]

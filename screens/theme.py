"""All sizes and colours in one place, scaled to the window and enlarged in elderly mode.

Sizes are given for the 1080 px wide portrait reference screen and multiplied by ``scale`` (window
width / 1080), so a 540×960 test window looks exactly like the real screen at half size.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, NumericProperty

REFERENCE_WIDTH = 1080
ELDERLY_TYPE = 1.45
"""Elderly mode enlarges type by at least 1.4× (issue 9); a little more so rounding never falls short."""
ELDERLY_TOUCH = 1.2
"""Elderly mode makes touch targets this much taller."""
PAGE_SIZE = 8
ELDERLY_PAGE_SIZE = 4
"""Items per page of a list (catalog results, licences, cases): fewer, larger ones in elderly mode."""

COLOURS = {
    "background": (0.96, 0.97, 0.99, 1),
    "header": (0.05, 0.27, 0.55, 1),
    "header_text": (1, 1, 1, 1),
    "text": (0.1, 0.12, 0.16, 1),
    "muted": (0.35, 0.38, 0.45, 1),
    "primary": (0.05, 0.39, 0.78, 1),
    "secondary": (0.0, 0.46, 0.37, 1),
    "accent": (0.68, 0.31, 0.0, 1),
    "licence": (0.45, 0.25, 0.65, 1),
    "danger": (0.75, 0.1, 0.1, 1),
    "card": (1, 1, 1, 1),
    "overlay": (0, 0, 0, 0.6),
}

HIGH_CONTRAST = {
    **COLOURS,
    "background": (1, 1, 1, 1),
    "header": (0.0, 0.16, 0.38, 1),
    "text": (0, 0, 0, 1),
    "muted": (0.15, 0.15, 0.18, 1),
    "primary": (0.0, 0.28, 0.62, 1),
    "secondary": (0.0, 0.4, 0.32, 1),
    "accent": (0.6, 0.27, 0.0, 1),
    "licence": (0.35, 0.15, 0.55, 1),
    "danger": (0.6, 0.0, 0.0, 1),
}
"""Elderly mode's palette: black text on white, darker button colours (stronger contrast)."""


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
    """Height of the whole header (hall name row and accessibility bar)."""
    header_row = NumericProperty(150)
    """Height of the header's hall-name row."""
    bar = NumericProperty(136)
    """Height of the accessibility bar (elderly mode, repeat, volume) under the hall name."""
    bar_touch = NumericProperty(124)
    """Height of the header's buttons: at least 120 px at 1080 wide."""
    page_size = NumericProperty(PAGE_SIZE)
    """Items per page in lists: screens page by this (fewer in elderly mode)."""
    colours = DictProperty(COLOURS)
    """The palette by role name (high contrast in elderly mode); kv: ``app.theme.colours["text"]``."""

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
        # Class rules' defaults first (KioskButton: button, KLabel: body), then the sizes instances pick
        # instead: kv re-evaluates in the order these change, so an instance's choice is applied last.
        self.button, self.body = 48 * t, 38 * t
        self.title, self.heading, self.small = 64 * t, 52 * t, 30 * t
        self.touch = 140 * s * (ELDERLY_TOUCH if self.elderly else 1.0)
        self.pad = 32 * s
        big = ELDERLY_TOUCH if self.elderly else 1.0
        self.bar_touch = 124 * s * big
        self.header_row = 150 * s * big
        self.bar = 136 * s * big
        self.header = self.header_row + self.bar
        self.page_size = ELDERLY_PAGE_SIZE if self.elderly else PAGE_SIZE
        self.colours = dict(HIGH_CONTRAST if self.elderly else COLOURS)

    def colour(self, name: str) -> tuple[float, float, float, float]:
        """An RGBA colour by role name in the current palette."""
        return self.colours[name]

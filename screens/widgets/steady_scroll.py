"""A scroll effect that stays put when frames come late.

Kivy's default :class:`~kivy.effects.dampedscroll.DampedScrollEffect` integrates its rubber-band spring
and its friction with the frame time ``dt``. When one frame comes late (a slow kiosk PC, the pinyin
engine loading, a busy CI runner), the step overshoots, flips sign and grows: the list flies tens of
thousands of pixels away and never settles. A citizen sees an empty form. This effect stops at the ends
(no rubber band, which on a kiosk only confuses) and caps the time step of the glide, so a late frame
can only make the glide shorter, never unstable.
"""

from __future__ import annotations

from kivy.effects.scroll import ScrollEffect
from kivy.factory import Factory
from kivy.properties import NumericProperty


class SteadyScrollEffect(ScrollEffect):
    """Kinetic scrolling that stops at the ends and ignores how late a frame is beyond ``max_dt``."""

    max_dt = NumericProperty(1 / 30)
    """Longest time step (seconds) one frame may advance the glide."""

    def update_velocity(self, dt: float) -> None:
        """Advance the glide by at most ``max_dt`` whatever the frame time was."""
        super().update_velocity(min(dt, self.max_dt))


Factory.register("SteadyScrollEffect", cls=SteadyScrollEffect)

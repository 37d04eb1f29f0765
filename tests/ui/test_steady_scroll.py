"""Lists stay where they are when a frame comes late (the CI failure of stop 11: the form flew away)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kivy.effects.dampedscroll import DampedScrollEffect
from kivy.uix.scrollview import ScrollView

from screens.widgets.steady_scroll import SteadyScrollEffect

pytestmark = pytest.mark.ui


def _glide(effect_cls: type, overscroll: float, velocity: float, frames: list[float]) -> float:
    """Start a glide past the end of a 0..300 px list, run the frames, return how far it ended up."""
    effect = effect_cls(min=0, max=300)
    effect.value = 300 + overscroll
    effect.velocity = velocity
    for dt in frames:
        effect.update_velocity(dt)
    return effect.value


def test_kivys_default_effect_flies_away_after_late_frames() -> None:
    """The failure this guards against is real: one-second frames make the damped spring diverge."""
    assert abs(_glide(DampedScrollEffect, 40, 0, [1.0] * 12)) > 10_000


@settings(max_examples=200, deadline=None)
@given(
    overscroll=st.floats(-400, 400),
    velocity=st.floats(-5000, 5000),
    frames=st.lists(st.floats(0.001, 3.0), min_size=1, max_size=40),
)
def test_steady_effect_stays_in_the_list_whatever_the_frame_times(
    overscroll: float, velocity: float, frames: list[float]
) -> None:
    assert 0 <= _glide(SteadyScrollEffect, overscroll, velocity, frames) <= 300


def test_every_list_of_the_kiosk_uses_the_steady_effect(ui) -> None:  # noqa: ANN001
    ui.app.manager.build_all()  # screens are built lazily
    ui.pump(2)
    lists = [w for screen in ui.app.manager.screens for w in screen.walk() if isinstance(w, ScrollView)]
    assert len(lists) >= 8
    wrong = [type(w.effect_y).__name__ for w in lists if not isinstance(w.effect_y, SteadyScrollEffect)]
    assert wrong == []

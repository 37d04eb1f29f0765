"""Screens are built on first use or in idle frames after home: every screen is still reachable by
name, and the app ends warm (all built, pinyin table loaded, long-lived objects out of the GC)."""

from __future__ import annotations

import gc

from kivy.uix.screenmanager import Screen

from screens.app import SCREENS, LazyScreenManager


def test_a_registered_screen_is_built_when_first_asked_for() -> None:
    manager = LazyScreenManager()
    manager.register("first", "kivy.uix.screenmanager:Screen")
    manager.register("second", "kivy.uix.screenmanager:Screen")
    assert manager.pending == ["first", "second"] and manager.screens == []
    assert manager.has_screen("second")
    screen = manager.get_screen("second")
    assert screen.name == "second" and manager.pending == ["first"]
    assert manager.get_screen("second") is screen, "built once"
    manager.add_widget(Screen(name="first"))
    assert manager.pending == [], "an added screen replaces the registered one"
    assert not manager.has_screen("third")
    assert manager.build_screen("third") is False


def test_build_all_and_switching_to_a_waiting_screen() -> None:
    manager = LazyScreenManager()
    for name in ("a", "b", "c"):
        manager.register(name, "kivy.uix.screenmanager:Screen")
    manager.build_screen("a")
    assert manager.current == "a"
    manager.current = "c"
    assert manager.current_screen.name == "c"
    manager.build_all()
    assert manager.pending == [] and sorted(s.name for s in manager.screens) == ["a", "b", "c"]


def test_the_app_gets_warm_with_every_screen_built(ui) -> None:  # noqa: ANN001
    ui.wait_until(lambda: ui.app.warm, timeout=60, what="the app warm")
    manager = ui.app.manager
    assert manager.pending == []
    built = {screen.name for screen in manager.screens}
    assert {name for name, _ in SCREENS} <= built
    assert ui.services.ime.ready
    assert gc.get_freeze_count() > 100_000, "the long-lived objects are out of the collector's way"

"""Drive the real app without a person: pump frames, find widgets by id, tap, type, advance the clock,
and take screenshots. Used by the UI tests, ``kiosk walkthrough`` and the start-up benchmark."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kivy.base import EventLoop, runTouchApp
from kivy.core.window import Window
from kivy.input.motionevent import MotionEvent
from kivy.uix.widget import Widget

from kiosk.services import KioskServices
from screens.app import KioskApp

_touch_ids = itertools.count(1)


class DriverError(AssertionError):
    """The UI did not do what a journey step expected (widget missing, screen not reached)."""


class _Touch(MotionEvent):
    """A finger at window pixel ``(x, y)``."""

    def __init__(self, x: float, y: float) -> None:
        super().__init__("driver", next(_touch_ids), {"x": x, "y": y}, is_touch=True, type_id="touch")

    def depack(self, args: dict) -> None:
        self.sx = args["x"] / Window.width
        self.sy = args["y"] / Window.height
        self.profile = ["pos"]
        super().depack(args)


class UiDriver:
    """The running app, driven frame by frame; saves a PNG whenever the visible screen changes."""

    def __init__(self, app: KioskApp, artifacts: Path | None = None) -> None:
        self.app = app
        self.services: KioskServices = app.services
        self.artifacts = artifacts
        self._shots = itertools.count(1)
        self._last_shot_key = ""
        self.screen_checks: list[Callable[[UiDriver], None]] = []
        """Run on every new screen the driver records (the accessibility audit, the English check)."""

    @classmethod
    def launch(cls, services: KioskServices, artifacts: Path | None = None, *, warm: bool = True) -> UiDriver:
        """Build the app on the already configured window and draw its first frames, then (``warm``) wait
        until every screen is built and the pinyin table loaded, so a journey never races the warm-up."""
        app = KioskApp(services)
        app._run_prepare()
        runTouchApp(embedded=True)
        driver = cls(app, artifacts)
        driver.pump(3)
        driver.auto_shot()
        if warm:
            driver.wait_until(lambda: app.warm, timeout=60, what="the app to warm up")
        return driver

    # --- frames -------------------------------------------------------------------------------
    def pump(self, frames: int = 2) -> None:
        """Run the event loop for ``frames`` frames (clock callbacks, layout, drawing)."""
        for _ in range(frames):
            EventLoop.idle()

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
        """Pump frames until ``predicate()`` holds; :class:`DriverError` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise DriverError(f"timed out waiting for {what} (screen {self.current})")
            self.pump(1)

    @property
    def current(self) -> str:
        """Name of the visible screen."""
        return self.app.manager.current

    def overlay_open(self) -> bool:
        """True while the idle overlay is shown."""
        return self.app.idle_overlay is not None and self.app.idle_overlay.parent is not None

    # --- widgets ------------------------------------------------------------------------------
    def find(self, widget_id: str) -> Widget:
        """The visible widget with kv id ``widget_id`` (current screen and open overlays)."""
        for top in reversed(Window.children):  # overlays first: they cover the screen
            for widget in top.walk(restrict=True):
                ids = getattr(widget, "ids", None)
                if ids and widget_id in ids:
                    return ids[widget_id]
        raise DriverError(f"no widget with id {widget_id!r} on screen {self.current}")

    def tap(self, target: str | Widget) -> None:
        """Touch the centre of a widget (by id or object) and lift the finger."""
        widget = self.find(target) if isinstance(target, str) else target
        x, y = widget.to_window(*widget.center)
        if not (0 <= x <= Window.width and 0 <= y <= Window.height):
            raise DriverError(f"widget {target!r} is off screen at {x:.0f},{y:.0f} (window {Window.size})")
        self.tap_at(x, y)

    def tap_at(self, x: float, y: float) -> None:
        """Touch window pixel ``(x, y)`` and lift the finger."""
        touch = _Touch(x, y)
        EventLoop.post_dispatch_input("begin", touch)
        self.pump(1)
        touch.move({"x": x, "y": y})
        EventLoop.post_dispatch_input("end", touch)
        self.pump(2)
        self.auto_shot()

    def type_text(self, target: str | Widget, text: str) -> None:
        """Type ``text`` into a text input (as the on-screen keyboard would)."""
        widget = self.find(target) if isinstance(target, str) else target
        widget.insert_text(text)
        self.pump(1)

    def press_key(self, key: int, modifiers: list[str] | None = None) -> bool:
        """Send a key to the window; returns True when something consumed it."""
        consumed = bool(Window.dispatch("on_keyboard", key, 0, "", modifiers or []))
        self.pump(1)
        return consumed

    def request_close(self) -> bool:
        """Ask the window to close as Alt+F4 would; True when the app refused."""
        refused = bool(Window.dispatch("on_request_close", source="keyboard"))
        self.pump(1)
        return refused

    # --- time ---------------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move the kiosk's clock ``seconds`` forward and let the idle timer react."""
        self.services.clock.advance(seconds)  # type: ignore[attr-defined]
        self.services.session.tick()
        self.pump(3)
        self.auto_shot()

    # --- pictures -----------------------------------------------------------------------------
    def screenshot(self, path: Path) -> Path:
        """Save the window as a PNG at ``path``."""
        self.pump(2)
        path.parent.mkdir(parents=True, exist_ok=True)
        saved = Window.screenshot(name=str(path.with_name(f".shot-{os.getpid()}.png")))
        shutil.move(saved, path)
        return path

    def auto_shot(self, label: str = "") -> Path | None:
        """When the visible screen (or overlay, language) changed: run :attr:`screen_checks` and save a
        numbered PNG into ``artifacts``."""
        key = f"{self.current}|{self.overlay_open()}|{self.app.language}|{label}"
        if key == self._last_shot_key:
            return None
        self._last_shot_key = key
        if self.screen_checks:
            self.pump(2)
            for check in self.screen_checks:
                check(self)
        if self.artifacts is None:
            return None
        name = self.current + ("-idle" if self.overlay_open() else "") + f"-{self.app.language}"
        if label:
            name += f"-{label}"
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        return self.screenshot(self.artifacts / f"{next(self._shots):02d}-{name}.png")

    def close(self) -> None:
        """Stop the app and its devices."""
        self.app.stop()
        self.pump(1)


def _stroke_points(x0: float, y0: float, x1: float, y1: float, steps: int) -> list[tuple[float, float]]:
    import math

    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps + 20 * math.sin(i / 2)) for i in range(steps + 1)]


def swipe(driver: UiDriver, widget: Widget, steps: int = 30) -> None:
    """Drag a finger across ``widget`` in a wavy line (a signature, a scroll)."""
    x0, y0 = widget.to_window(widget.x + widget.width * 0.15, widget.center_y)
    x1, y1 = widget.to_window(widget.right - widget.width * 0.15, widget.center_y)
    points = _stroke_points(x0, y0, x1, y1, steps)
    touch = _Touch(*points[0])
    EventLoop.post_dispatch_input("begin", touch)
    for x, y in points[1:]:
        touch.move({"x": x, "y": y})
        EventLoop.post_dispatch_input("update", touch)
    EventLoop.post_dispatch_input("end", touch)
    driver.pump(2)


def drive_find_identify(driver: UiDriver, step: object, target: str, card: int = 0) -> bool:
    """Cross the catalog (search for ``target`` by name and tap it), the guide ('start') and identify
    (simulated card ``card``, face from the camera, 'continue') like a citizen; False for other steps."""
    name = getattr(step, "value", str(step))
    services = driver.services
    if name == "catalog":
        wanted = services.catalog().get(target)
        if wanted is None:
            raise DriverError(f"{target} is not in the catalog")
        driver.type_text("search", wanted.name)
        for n in range(20):
            row = driver.find(f"result_{n}")
            if row.code == target:
                driver.tap(row)
                return True
        raise DriverError(f"searching {wanted.name} did not list {target}")
    if name == "guide":
        driver.pump(2)
        driver.tap("start")
        return True
    if name == "identify":
        services.devices["idcard"].place_sample(card)
        part = services.journey.identify
        driver.wait_until(lambda: part.can_continue, timeout=45, what="identification and face verification")
        driver.pump(3)
        driver.auto_shot("identified")
        driver.tap("identify_next")
        return True
    return False

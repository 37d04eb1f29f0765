"""Base of the technician's tool screens: a title, a status line, text, an optional picture, actions.

Slow work (a card read, a capture, a print, the platform check) runs in a worker thread; its result comes
back on the Kivy main thread. Pictures (a face, a page, a print preview) stay in memory: no temp files.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from screens.base import KioskButton, KioskScreen
from screens.theme import COLOURS

log = logging.getLogger(__name__)

Action = tuple[str, str, str, str]
"""(widget id, locale key of the label, method name, colour name) of one action button."""


class AdminPanel(KioskScreen):
    """A tool screen; subclasses set ``title_key`` and ``ACTIONS`` and fill the panel in :meth:`refresh`."""

    ACTIONS: list[Action] = []
    title_key = StringProperty("")
    status_text = StringProperty("")
    status_ok = BooleanProperty(True)
    body_text = StringProperty("")
    texture = ObjectProperty(None, allownone=True)
    busy = BooleanProperty(False)

    @property
    def admin(self) -> Any:
        """The technician's tools (:class:`kiosk.admin_services.AdminServices`)."""
        from kiosk.admin_services import admin_services_for

        return admin_services_for(self.services)

    def on_kv_post(self, base_widget: Any) -> None:
        """Add the action buttons and register their ids (so tests and journeys find them)."""
        from kivy.app import App

        app = App.get_running_app()
        box = self.ids.panel_actions
        for widget_id, key, method, colour in self.ACTIONS:
            button = KioskButton(bg_color=COLOURS[colour])
            button.text = app.t(key, app.language)
            app.bind(language=lambda _a, lang, b=button, k=key: setattr(b, "text", app.t(k, lang)))
            button.bind(on_release=lambda _b, m=method: getattr(self, m)())
            box.add_widget(button)
            self.ids[widget_id] = button

    def on_pre_enter(self, *_args: object) -> None:
        """Clear the last result and refresh."""
        self.status_text = ""
        self.texture = None
        self.refresh()

    def on_leave(self, *_args: object) -> None:
        """Forget the last picture and result (a face photo or a masked identity stays nowhere)."""
        self.texture = None
        self.status_text = ""

    def refresh(self) -> None:
        """Fill :attr:`body_text` (subclasses)."""

    def back(self) -> None:
        """Return to the dashboard."""
        from kivy.app import App

        App.get_running_app().show("admin_dashboard")

    def show_image(self, data: bytes, ext: str = "png") -> None:
        """Show PNG/JPEG bytes (from memory)."""
        self.texture = CoreImage(io.BytesIO(data), ext=ext).texture if data else None

    def show_result(self, ok: bool, text: str) -> None:
        """Show a one-line outcome in green or red."""
        self.status_ok = ok
        self.status_text = text

    def run_in_background(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` in a thread, then ``done(result)`` on the main thread; one job at a time."""
        from kivy.app import App

        if self.busy:
            return
        self.busy = True
        app = App.get_running_app()
        self.show_result(True, app.t("admin_screens.working", app.language))

        def worker() -> None:
            try:
                result: Any = work()
                error = None
            except Exception as exc:  # noqa: BLE001 - show it, never crash the kiosk
                log.error("admin tool failed: %s", exc)
                result, error = None, exc

            def finish(_dt: float) -> None:
                self.busy = False
                if error is not None:
                    self.show_result(False, f"{type(error).__name__}: {error}")
                else:
                    done(result)

            Clock.schedule_once(finish)

        threading.Thread(target=worker, name="admin-tool", daemon=True).start()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

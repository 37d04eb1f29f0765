"""Progress query (查询进度): the receipt's QR code on the camera, the ID card on the reader, or a typed case
number; then a timeline per case with dates and what to do next.

The kiosk part (:class:`kiosk.journey.progress.Progress`) watches the camera and calls the platform on
worker threads; this screen only shows frames and follows :class:`ProgressFound` / :class:`ProgressFailed`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, OptionProperty, StringProperty

from kiosk.events import SessionEnded
from kiosk.journey.progress import CaseView, CodeScanned, ProgressFailed, ProgressFound
from screens.base import KioskScreen
from screens.widgets.camera_view import CameraView  # noqa: F401 - registers the kv class
from screens.widgets.keyboard import OnScreenKeyboard  # noqa: F401 - registers the kv class
from screens.widgets.panel import ShownPanel  # noqa: F401 - registers the kv class

PREVIEW_FPS = 10


class ProgressScreen(KioskScreen):
    """Three ways in (camera, card, typed number), a waiting state, the timelines, or why not."""

    mode = OptionProperty("start", options=["start", "typing", "busy", "result", "failed"])
    message = StringProperty("")
    camera_ok = BooleanProperty(True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bound = False
        self._preview: Any = None
        self._failure = ""

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.progress.Progress
        """The progress part of the journey."""
        return self.services.journey.progress

    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once; start at the three ways in."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(SessionEnded, lambda _e: self.clear())
            app.bridge.on(ProgressFound, self._on_found)
            app.bridge.on(ProgressFailed, self._on_failed)
            app.bridge.on(CodeScanned, self._on_scanned)
            app.bind(language=lambda *_a: self._relabel())
            self._bound = True
        self.show_start()

    def on_leave(self, *_args: Any) -> None:
        """Stop the camera watch and forget what was shown."""
        self.clear()

    def clear(self) -> None:
        """Nothing stays on screen: no cases, no typed number, no camera."""
        self._stop_preview()
        self.part.stop_scanning()
        self.ids.cases.clear_widgets()
        self.ids.number.text = ""
        self.message = ""
        self._failure = ""
        self.mode = "start"

    # --- the three ways in --------------------------------------------------------------------
    def show_start(self) -> None:
        """Camera watching and card reading on; the typed number a tap away."""
        self.ids.cases.clear_widgets()
        self.ids.number.text = ""
        self.message = ""
        self.mode = "start"
        self.camera_ok = self.part.start_scanning()
        self._start_preview()

    def show_typing(self) -> None:
        """Type the case number on the on-screen keyboard."""
        self._stop_preview()
        self.part.stop_scanning()
        self.mode = "typing"
        self.message = ""
        self.ids.keyboard.target = self.ids.number
        self.ids.keyboard.mode = "digits"

    def toggle_letters(self) -> None:
        """Switch the keyboard between digits and letters (case numbers start with letters)."""
        board = self.ids.keyboard
        board.mode = "digits" if board.mode != "digits" else "letters"

    def type_dash(self) -> None:
        """Type the dash of an offline reference (``TZ-20261124-0001``)."""
        self.ids.number.insert_text("-")

    def upper_number(self) -> None:
        """Case numbers show in capitals whatever the keyboard typed."""
        field = self.ids.number
        if field.text != field.text.upper():
            field.text = field.text.upper()

    def submit_number(self) -> None:
        """Query the typed number."""
        self.services.session.touch()
        if self.part.query_number(self.ids.number.text):
            self._busy()

    # --- events -------------------------------------------------------------------------------
    def _busy(self, text: str = "") -> None:
        self._stop_preview()
        self.mode = "busy"
        self.message = text or App.get_running_app().t("progress.busy")

    def _on_scanned(self, event: CodeScanned) -> None:
        if self.manager is None or self.manager.current != self.name:
            return
        self._busy(App.get_running_app().t("progress.scanned", case_no=event.case_no))

    def _on_found(self, event: ProgressFound) -> None:
        if self.manager is None or self.manager.current != self.name:
            return
        self.part.stop_scanning()
        self._stop_preview()
        self.mode = "result"
        self._render(event.cases)
        self.services.speak(f"progress.status_{event.cases[0].status}")

    def _on_failed(self, event: ProgressFailed) -> None:
        if self.manager is None or self.manager.current != self.name:
            return
        self._failure = event.reason
        if self.mode == "typing" and event.reason == "invalid":
            self.message = App.get_running_app().t("progress.failed_invalid")
            self.services.speak("progress.failed_invalid")
            return
        self.part.stop_scanning()
        self._stop_preview()
        self.mode = "failed"
        self.message = App.get_running_app().t(f"progress.failed_{event.reason}")
        self.services.speak(f"progress.failed_{event.reason}")

    def _relabel(self) -> None:
        if self.mode == "result":
            self._render(self.part.cases)
        elif self.mode == "failed" and self._failure:
            self.message = App.get_running_app().t(f"progress.failed_{self._failure}")

    # --- the timeline -------------------------------------------------------------------------
    def _render(self, cases: tuple[CaseView, ...]) -> None:
        app = App.get_running_app()
        english = app.language == "en"
        box = self.ids.cases
        box.clear_widgets()
        if len(cases) > 1:
            self.message = app.t("progress.found_many", count=len(cases))
        else:
            self.message = app.t("progress.found_one", case_no=cases[0].case_no) if cases else ""
        for case in cases:
            card = Factory.CaseCard()
            card.title = case.item_name_en if english else case.item_name
            card.case_no = case.case_no
            card.status = app.t(f"progress.status_{case.status}")
            card.promised = app.t("progress.promised", date=case.promised_date) if case.promised_date else ""
            card.next_text = app.t("progress.next") + app.t(f"progress.next_{case.next_action}")
            card.ids.title.text = card.title
            for step in case.steps:
                row = Factory.TimelineRow()
                row.done = step.done
                row.current = step.current
                row.label = app.t(f"progress.status_{step.status}")
                row.when = step.at or app.t("progress.not_yet")
                card.ids.steps.add_widget(row)
            box.add_widget(card)
        self.ids.scroll.scroll_y = 1

    # --- camera preview -----------------------------------------------------------------------
    def _start_preview(self) -> None:
        self._stop_preview()
        if self.camera_ok:
            self._preview = Clock.schedule_interval(self._show_frame, 1 / PREVIEW_FPS)

    def _stop_preview(self) -> None:
        if self._preview is not None:
            self._preview.cancel()
            self._preview = None
        if "camera" in self.ids:
            self.ids.camera.clear()

    def _show_frame(self, _dt: float) -> None:
        frame = self.part.preview_frame()
        if frame is not None:
            self.ids.camera.show_frame(frame)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

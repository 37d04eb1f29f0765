"""Submitting: progress while the application is queued in the outbox and sent to the platform."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty

from kiosk.journey.submission import SubmissionProgress
from screens.base import KioskScreen

STAGES = {"queuing": 0.3, "sending": 0.7, "done": 1.0}


class SubmittingScreen(KioskScreen):
    """Starts the submission on entering and moves to the receipt when it is done."""

    status = StringProperty("")
    progress = NumericProperty(0.0)
    failed = StringProperty("")

    def on_kv_post(self, _base_widget: object) -> None:
        """Follow the submission's progress events."""
        App.get_running_app().bridge.on(SubmissionProgress, self.show_progress)

    def on_pre_enter(self, *_args: object) -> None:
        """Reset the progress display."""
        self.failed = ""
        self.progress = 0.05
        self.status = App.get_running_app().t("submitting.queuing")

    def on_enter(self, *args: object) -> None:
        """Speak the prompt and start the submission (once per visit)."""
        super().on_enter(*args)
        part = self.services.journey.submission
        if part.state.local_ref and not part.submitting:
            self.show_progress(
                SubmissionProgress(part.state.visit_id, "done", part.state.local_ref, part.state.case_no)
            )
            return
        part.submit()

    def show_progress(self, event: SubmissionProgress) -> None:
        """Show the stage; when done move on to the receipt, when failed say why and offer help."""
        services = self.services
        if event.visit_id != services.journey.state.visit_id or services.session.step.value != "submitting":
            return
        app = App.get_running_app()
        if event.stage == "failed":
            self.failed = app.t("submitting.failed", reason=event.message)
            self.status = ""
            return
        self.progress = STAGES.get(event.stage, self.progress)
        self.status = app.t(f"submitting.{event.stage}")
        if event.stage == "done":
            services.journey.machine.advance()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

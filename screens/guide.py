"""Guide (办事指南): materials, conditions, time limits, fees and visits of the chosen item or bundle, and
plainly whether it can be applied for here; if not, a queue ticket instead of a dead end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty

from kiosk.catalog import target_name
from kiosk.events import SessionEnded
from kiosk.journey.finding import TicketFailed, TicketIssued
from screens.base import KioskScreen


class GuideScreen(KioskScreen):
    """The chosen target's guide; 'start' goes on to identification, or 'take a ticket' when not here."""

    target_name = StringProperty("")
    here = BooleanProperty(True)
    visits_text = StringProperty("")
    ticket_text = StringProperty("")
    ticket_busy = BooleanProperty(False)
    has_ticket = BooleanProperty(False)
    """A queue ticket was issued: the main action becomes 'home'."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bound = False

    @property
    def finding(self):  # noqa: ANN201 - kiosk.journey.finding.Finding
        """The catalog-and-guide part of the journey."""
        return self.services.journey.finding

    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once, then lay out the guide of the chosen target."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(SessionEnded, lambda _e: self.clear())
            app.bridge.on(TicketIssued, self._on_ticket)
            app.bridge.on(TicketFailed, self._on_ticket_failed)
            app.bind(
                language=lambda *_a: self.refresh() if self.manager and self.manager.current == self.name else None
            )
            self._bound = True
        self.refresh()

    def on_enter(self, *_args: Any) -> None:
        """Say the prompt, and when the item cannot be done here, say that too."""
        super().on_enter()
        if not self.here:
            self.services.speak("guide.here_no")

    def on_leave(self, *_args: Any) -> None:
        """Nothing stays on the screen off screen."""
        self.clear()

    def clear(self) -> None:
        """Empty the guide."""
        self.target_name = self.visits_text = self.ticket_text = ""
        self.here = True
        self.ticket_busy = self.has_ticket = False
        self.ids.sections.clear_widgets()

    def refresh(self) -> None:
        """Show the chosen target's sections in the session's language."""
        app = App.get_running_app()
        target = self.finding.target
        box = self.ids.sections
        box.clear_widgets()
        if target is None:
            return
        language = self.services.session.language
        english = language == "en"
        self.target_name = target_name(target, language)
        self.here = self.finding.completable_here()
        visits = self.finding.visits()
        self.visits_text = app.t("guide.visits", visits=visits) if visits else app.t("guide.visits_zero")
        ticket = self.finding.ticket
        if ticket is not None:
            self._on_ticket(ticket)
        for section in self.finding.catalog.guide(target, language):
            box.add_widget(Factory.GuideHeading(text=section.title_en if english else section.title))
            box.add_widget(Factory.GuideLines(text="\n".join(section.lines)))
        self.ids.scroll.scroll_y = 1

    # --- actions ------------------------------------------------------------------------------
    def start(self) -> None:
        """Go on to identification."""
        if self.here:
            self.services.journey.machine.advance()

    def take_ticket(self) -> None:
        """Ask for a queue ticket (answered on the bus)."""
        self.ticket_busy = True
        self.ticket_text = App.get_running_app().t("guide.ticket_wait")
        self.finding.request_ticket()

    def _on_ticket(self, ticket: TicketIssued) -> None:
        app = App.get_running_app()
        self.ticket_busy = False
        self.has_ticket = True
        window = self.finding.catalog.window_name(ticket.window, app.language) or app.t("queue.service_desk")
        text = app.t("guide.ticket_issued", number=ticket.number, window=window, waiting=ticket.waiting)
        if ticket.printed:
            text += "\n" + app.t("guide.ticket_printed")
        self.ticket_text = text
        self.services.speak("guide.ticket_issued", number=ticket.number, window=window, waiting=ticket.waiting)

    def _on_ticket_failed(self, _event: TicketFailed) -> None:
        self.ticket_busy = False
        self.ticket_text = App.get_running_app().t("guide.ticket_failed")
        self.services.speak("guide.ticket_failed")


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

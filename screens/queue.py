"""Queue ticket (取号): choose the service, get a number (the platform's, or a clearly marked local one when
offline), see it printed, and how many people wait before you.

The kiosk part (:class:`kiosk.journey.queue.Queue`) talks to the platform and the printer on a worker
thread; this screen follows :class:`TicketIssued` / :class:`LocalTicketIssued` on the bus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, OptionProperty, StringProperty

from kiosk.events import SessionEnded
from kiosk.journey.finding import TicketIssued
from kiosk.journey.queue import LocalTicketIssued
from screens.base import KioskScreen
from screens.widgets.panel import ShownPanel  # noqa: F401 - registers the kv class

MAX_PER_PAGE = 6
"""At most this many services per page (fewer in elderly mode: ``theme.page_size``)."""


class QueueScreen(KioskScreen):
    """The service list (paged), then the ticket."""

    mode = OptionProperty("choose", options=["choose", "busy", "ticket"])
    page = NumericProperty(0)
    pages = NumericProperty(1)
    number = StringProperty("")
    service = StringProperty("")
    window = StringProperty("")
    waiting = StringProperty("")
    printed = BooleanProperty(False)
    local = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bound = False

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.queue.Queue
        """The queue-ticket part of the journey."""
        return self.services.journey.queue

    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once; show the first page of services."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(SessionEnded, lambda _e: self.clear())
            app.bridge.on(TicketIssued, self._on_ticket)
            app.bridge.on(LocalTicketIssued, self._on_ticket)
            app.bind(language=lambda *_a: self._relabel())
            app.theme.bind(page_size=lambda *_a: self._relabel())
            self._bound = True
        self.clear()
        self.show_page(0)

    def on_leave(self, *_args: Any) -> None:
        """Forget the ticket shown."""
        self.clear()

    def clear(self) -> None:
        """Back to the service list with nothing on screen."""
        self.mode = "choose"
        self.number = self.service = self.window = self.waiting = ""
        self.printed = self.local = False
        self.ids.services.clear_widgets()

    # --- the service list ---------------------------------------------------------------------
    def _per_page(self) -> int:
        return max(1, min(MAX_PER_PAGE, int(App.get_running_app().theme.page_size)))

    def show_page(self, number: int) -> None:
        """Lay out page ``number`` of the services."""
        app = App.get_running_app()
        english = app.language == "en"
        choices, self.pages = self.part.page(number, self._per_page())
        self.page = min(max(0, number), self.pages - 1)
        box = self.ids.services
        box.clear_widgets()
        for n, choice in enumerate(choices):
            row = Factory.ServiceRow()
            row.code, row.window_only = choice.code, choice.window_only
            row.title = choice.name_en if english else choice.name
            row.hint = app.t("queue.window_only") if choice.window_only else ("" if english else choice.window)
            row.bind(on_release=lambda r: self.take(r.code))
            box.add_widget(row)
            self.ids[f"service_{n}"] = row
        for n in range(len(choices), MAX_PER_PAGE):
            self.ids.pop(f"service_{n}", None)

    def take(self, code: str) -> None:
        """Take a number for ``code``."""
        self.services.session.touch()
        if self.part.take(code):
            self.mode = "busy"

    def _relabel(self) -> None:
        if self.manager is not None and self.manager.current == self.name:
            if self.mode == "choose":
                self.show_page(self.page)
            elif self.part.ticket is not None:
                self._on_ticket(self.part.ticket)

    # --- the ticket ---------------------------------------------------------------------------
    def _on_ticket(self, ticket: TicketIssued | LocalTicketIssued) -> None:
        if self.manager is None or self.manager.current != self.name or self.part.ticket is not ticket:
            return
        app = App.get_running_app()
        target = self.services.journey.finding.target
        english = app.language == "en"
        self.service = ((target.name_en or target.name) if english else target.name) if target is not None else ""
        self.number = ticket.number
        self.printed = ticket.printed
        self.local = isinstance(ticket, LocalTicketIssued)
        self.window = self.services.catalog().window_name(ticket.window, app.language) or app.t("queue.service_desk")
        self.waiting = self.part.waiting_text()
        was_shown = self.mode == "ticket"
        self.mode = "ticket"
        if was_shown:
            return
        if self.local:
            self.services.speak("queue.local_spoken", number=ticket.number)
        else:
            self.services.speak("queue.issued_spoken", number=ticket.number, waiting=self.waiting)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

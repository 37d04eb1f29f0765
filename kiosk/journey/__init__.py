"""The citizen's application journey as services for the screens, one part per group of steps.

``services.journey.<part>`` is a typed attribute: each part is built on first use (numpy, OpenCV and
the outbox load only when a journey needs them) from the kiosk services and the journey state, and
may define ``reset()``, called when the session ends. The parts: catalog and guide (``finding``);
identification (``identify``); situations and form (``filling``); materials; review, delivery,
submission, receipt and rating (``submission``); progress queries; queue tickets; electronic
licences; help requests and accessibility (``assist``: spoken prompts, elderly mode).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.events import SessionEnded
from kiosk.journey.state import JourneyState

if TYPE_CHECKING:
    from kiosk.journey.assist import Assist
    from kiosk.journey.filling import Filling
    from kiosk.journey.finding import Finding
    from kiosk.journey.identify import Identification
    from kiosk.journey.licences import Licences
    from kiosk.journey.machine import JourneyMachine
    from kiosk.journey.materials import Materials
    from kiosk.journey.progress import Progress
    from kiosk.journey.queue import Queue
    from kiosk.journey.submission import Submission
    from kiosk.services import KioskServices

PART_NAMES = ("finding", "identify", "filling", "materials", "submission", "progress", "queue", "licences", "assist")
"""The parts, in journey order."""


class Journey:
    """Holds the journey state and the parts; resets both when the session ends."""

    def __init__(self, services: KioskServices) -> None:
        self.services = services
        self.state = JourneyState()
        services.bus.subscribe(SessionEnded, lambda _event: self.reset())

    @cached_property
    def finding(self) -> Finding:
        """The catalog, search, guide and the queue-ticket shortcut."""
        from kiosk.journey.finding import Finding

        return Finding(self.services, self.state)

    @cached_property
    def identify(self) -> Identification:
        """ID card, typed number, face verification."""
        from kiosk.journey.identify import Identification

        return Identification(self.services, self.state)

    @cached_property
    def filling(self) -> Filling:
        """Situation questions and the form."""
        from kiosk.journey.filling import Filling

        return Filling(self.services, self.state)

    @cached_property
    def materials(self) -> Materials:
        """The materials checklist, licences, captured pages."""
        from kiosk.journey.materials import Materials

        return Materials(self.services, self.state)

    @cached_property
    def submission(self) -> Submission:
        """Review, delivery, submission, receipt and rating."""
        from kiosk.journey.submission import Submission

        return Submission(self.services, self.state)

    @cached_property
    def progress(self) -> Progress:
        """Progress queries."""
        from kiosk.journey.progress import Progress

        return Progress(self.services, self.state)

    @cached_property
    def queue(self) -> Queue:
        """Queue tickets."""
        from kiosk.journey.queue import Queue

        return Queue(self.services, self.state)

    @cached_property
    def licences(self) -> Licences:
        """The holder's electronic licences."""
        from kiosk.journey.licences import Licences

        return Licences(self.services, self.state)

    @cached_property
    def assist(self) -> Assist:
        """Help requests, spoken prompts, elderly mode."""
        from kiosk.journey.assist import Assist

        return Assist(self.services, self.state)

    @cached_property
    def machine(self) -> JourneyMachine:
        """The state machine the screens ask to move (advance, back, go_to, cancel)."""
        from kiosk.journey.machine import JourneyMachine

        return JourneyMachine(self.services)

    def built_parts(self) -> list[object]:
        """The parts built so far (a part nobody used has nothing to reset)."""
        return [self.__dict__[name] for name in PART_NAMES if name in self.__dict__]

    def reset(self) -> None:
        """Forget the journey: new visit id, every part's own reset."""
        self.state.reset()
        for part in self.built_parts():
            reset = getattr(part, "reset", None)
            if callable(reset):
                reset()

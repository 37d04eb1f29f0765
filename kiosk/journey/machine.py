"""The journey state machine: the one place that decides whether the citizen may move.

Journeys are data (:data:`kiosk.session.JOURNEYS`: name → ordered steps); each step's rule
(:mod:`kiosk.journey.steps`) says what it needs and whether it may be left. The screens call
:meth:`JourneyMachine.advance`, :meth:`back`, :meth:`go_to` and :meth:`cancel` and show the refusal
they get back; :class:`~kiosk.session.Session` then moves and publishes
:class:`~kiosk.events.StepChanged`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.journey.steps import FACTS, NOT_READY, rule_for
from kiosk.session import Session, Step

if TYPE_CHECKING:
    from kiosk.services import KioskServices


class JourneyMachine:
    """Start, advance, go back, jump back and cancel — each checked against the steps' rules."""

    def __init__(self, services: KioskServices) -> None:
        self.services = services

    @property
    def session(self) -> Session:
        """The citizen's session (which journey, which step)."""
        return self.services.session

    @property
    def step(self) -> Step:
        """Where the citizen is."""
        return self.session.step

    def start(self, journey: str) -> Step:
        """Begin ``journey`` from home (see :meth:`Session.start`)."""
        return self.session.start(journey)

    def refusal(self) -> str | None:
        """Why the citizen may not go on from here (text for the screen), or None when they may."""
        return rule_for(self.step).refusal(self.services)

    def missing(self, step: Step) -> tuple[str, ...]:
        """The facts ``step`` needs that do not hold yet."""
        return tuple(fact for fact in rule_for(step).needs if not FACTS[fact](self.services))

    def advance(self) -> str | None:
        """Go on when the current step may be left and the next one has what it needs; returns None
        when moved (at the journey's last step the session ends), else why not."""
        why = self.refusal()
        if why is not None:
            return why
        steps, index = self.session.steps, self.session.steps.index(self.step)
        if index + 1 < len(steps) and self.missing(steps[index + 1]):
            return self.services.t(NOT_READY)
        self.session.next()
        return None

    def can_go_back(self) -> bool:
        """Whether :meth:`back` is allowed from here (not after submitting)."""
        return self.session.can_go_back()

    def back(self) -> None:
        """One step back; from the first step after home the session is cancelled."""
        self.session.back()

    def go_to(self, step: Step) -> bool:
        """Jump back to an earlier step of this journey (the review's edit links); False when not one."""
        session = self.session
        if step not in session.steps[: session.steps.index(session.step)]:
            return False
        session.go_to(step)
        return True

    def cancel(self) -> None:
        """The citizen gave up: the session ends and everything personal is wiped."""
        self.session.end("cancelled")

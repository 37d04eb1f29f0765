"""The citizen's session: which journey, which step, what they entered, and when it ends.

Pure Python, no UI. The screens ask it to move (``next``/``back``/``go_to``), it enforces the rules and
publishes :class:`~kiosk.events.StepChanged`. Idle handling has two phases: after ``idle_timeout_s``
without a touch an :class:`~kiosk.events.IdleWarning` counts down ``idle_warning_s``; then the session
ends and everything personal is wiped from memory (DESIGN.md §5).
"""

from __future__ import annotations

from enum import StrEnum

from devices.identity import Identity
from kiosk.clock import Clock
from kiosk.draft import ApplicationDraft
from kiosk.errors import SessionError
from kiosk.events import EventBus, IdleWarning, PreferencesChanged, SessionEnded, StepChanged
from kiosk.privacy import REDACTOR, Redactor


class Step(StrEnum):
    """Every place a citizen can be; screens are named after these values."""

    HOME = "home"
    CATALOG = "catalog"
    GUIDE = "guide"
    IDENTIFY = "identify"
    SITUATIONS = "situations"
    FORM = "form"
    MATERIALS = "materials"
    REVIEW = "review"
    DELIVERY = "delivery"
    SUBMITTING = "submitting"
    RECEIPT = "receipt"
    RATING = "rating"
    PROGRESS = "progress"
    QUEUE = "queue"
    LICENCES = "licences"
    COMING_SOON = "coming_soon"


JOURNEYS: dict[str, tuple[Step, ...]] = {
    "apply": (
        Step.HOME,
        Step.CATALOG,
        Step.GUIDE,
        Step.IDENTIFY,
        Step.SITUATIONS,
        Step.FORM,
        Step.MATERIALS,
        Step.REVIEW,
        Step.DELIVERY,
        Step.SUBMITTING,
        Step.RECEIPT,
        Step.RATING,
    ),
    "progress": (Step.HOME, Step.PROGRESS),
    "queue": (Step.HOME, Step.QUEUE),
    "licences": (Step.HOME, Step.IDENTIFY, Step.LICENCES),
    "coming_soon": (Step.HOME, Step.COMING_SOON),
}
"""Ordered steps of each journey; a journey always starts at home."""

NO_WAY_BACK = frozenset({Step.SUBMITTING, Step.RECEIPT, Step.RATING})
"""Once submitted, the citizen cannot step back into the application (it is in the outbox)."""


class IdlePhase(StrEnum):
    """Where the idle timer stands."""

    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class Session:
    """One citizen's visit: journey, step, language, elderly mode, personal data, idle timer."""

    def __init__(
        self,
        bus: EventBus,
        clock: Clock,
        *,
        idle_timeout_s: float = 90,
        idle_warning_s: float = 20,
        default_language: str = "zh-CN",
        elderly_factor: float = 2.0,
        redactor: Redactor = REDACTOR,
    ) -> None:
        self.bus = bus
        self.clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.idle_warning_s = idle_warning_s
        self.default_language = default_language
        self.elderly_factor = elderly_factor
        self.redactor = redactor
        self.draft = ApplicationDraft()
        """The application being built (personal, memory only; wiped when the session ends)."""
        self.language = default_language
        self.elderly = False
        self.journey = "apply"
        self.item_code = ""
        self._index = 0
        self._last_touch = clock.monotonic()
        self._warned_at: int | None = None

    # --- where we are -------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The current step."""
        return JOURNEYS[self.journey][self._index]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps of the current journey."""
        return JOURNEYS[self.journey]

    def is_pristine(self) -> bool:
        """True at home in the default language with nothing entered: the idle timer has nothing to do."""
        return (
            self.step is Step.HOME
            and self.language == self.default_language
            and not self.elderly
            and self.draft.is_empty()
        )

    def _move(self, index: int) -> Step:
        previous = self.step
        self._index = index
        self.touch()
        if self.step is not previous:
            self.bus.publish(StepChanged(self.step.value, previous.value))
        return self.step

    # --- moving -------------------------------------------------------------------------------
    def start(self, journey: str) -> Step:
        """Begin ``journey`` from home and move to its first step after home."""
        if journey not in JOURNEYS:
            raise SessionError(f"unknown journey {journey!r}; known: {', '.join(JOURNEYS)}")
        if self.step is not Step.HOME:
            raise SessionError(f"a journey can only start at home, not at {self.step.value}")
        self.journey = journey
        return self._move(1)

    def next(self) -> Step:
        """Advance one step; at the last step the session is finished and ends."""
        if self._index + 1 >= len(self.steps):
            self.end("finished")
            return self.step
        return self._move(self._index + 1)

    def can_go_back(self) -> bool:
        """Whether ``back`` is allowed from here."""
        return self._index > 0 and self.step not in NO_WAY_BACK

    def back(self) -> Step:
        """Go back one step (not from home, and not after submitting)."""
        if not self.can_go_back():
            raise SessionError(f"no way back from {self.step.value}")
        if self._index == 1:
            self.end("cancelled")
            return self.step
        return self._move(self._index - 1)

    def go_to(self, step: Step) -> Step:
        """Jump back to an earlier step of this journey (the review screen's edit links)."""
        if step not in self.steps[: self._index]:
            raise SessionError(f"{step.value} is not an earlier step of journey {self.journey}")
        if self.step in NO_WAY_BACK:
            raise SessionError(f"no way back from {self.step.value}")
        return self._move(self.steps.index(step))

    # --- preferences --------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Switch the session's language (reset to the default when the session ends)."""
        changed = language != self.language
        self.language = language
        self.touch()
        if changed:
            self._preferences_changed()

    def set_elderly(self, on: bool) -> None:
        """Turn elderly mode on or off (longer timeouts; the UI enlarges type and words more simply)."""
        changed = on != self.elderly
        self.elderly = on
        self.touch()
        if changed:
            self._preferences_changed()

    def _preferences_changed(self) -> None:
        self.bus.publish(PreferencesChanged(self.language, self.elderly))

    # --- personal data ------------------------------------------------------------------------
    def set_identity(self, identity: Identity) -> None:
        """Hold the citizen's identity (memory only) and mask their name in every log line."""
        self.draft.identity = identity
        self.redactor.remember(identity.name, identity.english_name, identity.address)
        self.touch()

    # --- idle ---------------------------------------------------------------------------------
    def touch(self) -> None:
        """The citizen touched the screen (or a device acted for them): restart the idle timer."""
        self._last_touch = self.clock.monotonic()
        self._warned_at = None

    def _factor(self) -> float:
        return self.elderly_factor if self.elderly else 1.0

    def idle_phase(self) -> tuple[IdlePhase, int]:
        """The idle phase and, in the warning phase, the whole seconds left."""
        if self.is_pristine():
            return IdlePhase.ACTIVE, 0
        idle = self.clock.monotonic() - self._last_touch
        timeout = self.idle_timeout_s * self._factor()
        if idle < timeout:
            return IdlePhase.ACTIVE, 0
        left = timeout + self.idle_warning_s * self._factor() - idle
        if left > 0:
            return IdlePhase.WARNING, int(left + 0.999)
        return IdlePhase.EXPIRED, 0

    def tick(self) -> IdlePhase:
        """Check the idle timer (the UI calls this about once a second); ends the session when expired."""
        phase, left = self.idle_phase()
        if phase is IdlePhase.WARNING and self._warned_at != left:
            self._warned_at = left
            self.bus.publish(IdleWarning(left))
        elif phase is IdlePhase.EXPIRED:
            self.end("idle")
        return phase

    # --- the end ------------------------------------------------------------------------------
    def end(self, reason: str) -> None:
        """End the session: wipe personal data, reset language and mode, go home, publish the end."""
        previous = self.step
        preferences = (self.language, self.elderly)
        self.draft.wipe()
        self.redactor.forget_all()
        self.language = self.default_language
        self.elderly = False
        self.item_code = ""
        self.journey = "apply"
        self._index = 0
        self.touch()
        if preferences != (self.language, self.elderly):
            self._preferences_changed()
        if previous is not Step.HOME:
            self.bus.publish(StepChanged(Step.HOME.value, previous.value))
        self.bus.publish(SessionEnded(reason))

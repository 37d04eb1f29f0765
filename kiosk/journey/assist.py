"""Accessibility and help for every screen: spoken prompts (repeat, stop, volume), spoken errors and
confirmations, elderly mode, and the help request (帮办) to the platform.

Screens call these through ``services.journey.assist``. The help request is a platform call, so it runs
on a worker thread and reports :class:`HelpSent` or :class:`HelpFailed` on the event bus; the citizen is
told staff are coming either way (the hall's staff also watch the kiosk's heartbeat).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.jobs import JobRunner

if TYPE_CHECKING:
    from devices.base import Speaker
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices

log = logging.getLogger(__name__)

VOLUME_STEP = 20
"""One press of the volume button changes the volume by this many percent."""
VOLUME_LEVELS = (20, 40, 60, 80, 100)
"""What the volume button cycles through."""


@dataclass(frozen=True, slots=True)
class HelpSent:
    """The platform recorded the help request (``help_id``) for ``step``."""

    step: str
    help_id: int


@dataclass(frozen=True, slots=True)
class HelpFailed:
    """The platform could not be reached; staff are still alerted by the hall's own means."""

    step: str
    reason: str


class Assist:
    """Spoken prompts, volume, elderly mode and help requests for the screens."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self.last_prompt_key = ""
        """The last screen prompt spoken (what "repeat" says again)."""
        self.help_requests = 0
        """Help requests raised in this session."""
        self.jobs = JobRunner(services.bus, lambda: state.visit_id)
        """Help requests are sent here, each its own job (several may be on their way at once)."""
        self._help_numbers = itertools.count(1)

    # --- speech -------------------------------------------------------------------------------
    @property
    def speaker(self) -> Speaker | None:
        """The speech device, or None when none is configured."""
        return self.services.speaker()

    def prompt(self, key: str, **values: object) -> None:
        """Speak a screen's prompt and remember it for :meth:`repeat`; in elderly mode the simpler
        wording (``<key>_simple``) when the locale has one."""
        self.last_prompt_key = key
        self.services.speak(self.wording(key), **values)

    def wording(self, key: str) -> str:
        """``key``, or its simpler ``<key>_simple`` in elderly mode when the session's locale has one."""
        return self.services.wording_key(key)

    def repeat(self, key: str = "") -> str:
        """Say the prompt ``key`` again (the last prompt when empty); returns the key spoken."""
        key = key or self.last_prompt_key
        if key:
            self.prompt(key)
        return key

    def say_error(self, key: str, **values: object) -> None:
        """Speak an error message (the screen shows the same text)."""
        self.services.speak(self.wording(key), **values)

    def say_confirmation(self, key: str, **values: object) -> None:
        """Speak a confirmation (printed, submitted, ticket issued…)."""
        self.services.speak(self.wording(key), **values)

    def stop_speaking(self) -> None:
        """Stop whatever is being said (the screen changed)."""
        speaker = self.speaker
        if speaker is not None:
            try:
                speaker.stop_speaking()
            except Exception as exc:  # noqa: BLE001 - silence is better than a crash
                log.warning("speech could not stop: %s", exc)

    @property
    def volume(self) -> int:
        """The speaker's volume in percent (the configured one when no speaker)."""
        speaker = self.speaker
        if speaker is not None and hasattr(speaker, "volume"):
            return int(speaker.volume)
        return int(self.services.settings.devices.speech.volume)

    def set_volume(self, volume: int) -> int:
        """Set the volume (clamped to 0-100); returns what was set."""
        volume = max(0, min(100, int(volume)))
        speaker = self.speaker
        if speaker is not None:
            setter = getattr(speaker, "set_volume", None)
            if setter is not None:
                setter(volume)
            else:
                speaker.volume = volume  # type: ignore[attr-defined]  # backends without a setter read it
        return volume

    def adjust_volume(self, delta: int) -> int:
        """Louder (``delta`` > 0) or quieter; returns the new volume."""
        return self.set_volume(self.volume + delta)

    def next_volume(self) -> int:
        """The volume button: the next level of :data:`VOLUME_LEVELS`, wrapping round to the quietest."""
        louder = [v for v in VOLUME_LEVELS if v > self.volume]
        return self.set_volume(louder[0] if louder else VOLUME_LEVELS[0])

    # --- elderly mode ------------------------------------------------------------------------
    def set_elderly(self, on: bool) -> bool:
        """Elderly mode on or off for this session (longer timeouts; the UI enlarges type)."""
        self.services.session.set_elderly(on)
        return self.services.session.elderly

    def toggle_elderly(self) -> bool:
        """Flip elderly mode; returns the new state."""
        on = self.set_elderly(not self.services.session.elderly)
        self.say_confirmation("assist.elderly_on" if on else "assist.elderly_off")
        return on

    # --- help ---------------------------------------------------------------------------------
    def request_help(self) -> str:
        """Ask staff for help from the current step; the platform call runs on a worker thread."""
        session = self.services.session
        step = session.step.value
        self.help_requests += 1
        log.info("help requested", extra={"event": "help_request", "step": step})
        self.say_confirmation("assist.help_coming")
        language, elderly = session.language, session.elderly
        self.jobs.start(
            f"help-request-{next(self._help_numbers)}",
            lambda: self._send_help(step, language, elderly),
            keep_stale=True,  # staff are coming whoever stands there now; the screen checks the step
        )
        return step

    def _send_help(self, step: str, language: str, elderly: bool) -> HelpSent | HelpFailed:
        from kiosk.sync.help import request_help

        sync = self.services.sync
        if sync is None:
            return HelpFailed(step, "no platform link")
        try:
            ack = request_help(sync.client, step, language, elderly)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised into the UI
            log.warning("help request not delivered: %s", exc)
            return HelpFailed(step, str(exc))
        return HelpSent(step, ack.help_id)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for help requests still being sent (tests, shutdown)."""
        self.jobs.join(timeout)

    def reset(self) -> None:
        """Session ended: forget the prompt and the count."""
        self.last_prompt_key = ""
        self.help_requests = 0

"""The citizen's application journey as services for the screens, one part per group of steps.

``services.journey.<part>`` builds each part lazily from the explicit table below; each part is a
class taking ``(services, state)`` and may define ``reset()``, called when the session ends.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from kiosk.events import SessionEnded
from kiosk.journey.state import JourneyState

PARTS: dict[str, str] = {
    "finding": "kiosk.journey.finding:Finding",
    "identify": "kiosk.journey.identify:Identification",
    "filling": "kiosk.journey.filling:Filling",
    "materials": "kiosk.journey.materials:Materials",
    "submission": "kiosk.journey.submission:Submission",
    "progress": "kiosk.journey.progress:Progress",
    "queue": "kiosk.journey.queue:Queue",
    "licences": "kiosk.journey.licences:Licences",
    "assist": "kiosk.journey.assist:Assist",
}
"""Part name → ``module:Class``: catalog and guide; identification; situations and form; materials;
review, delivery, submission, receipt and rating; progress queries; queue tickets; electronic licences;
help requests and accessibility (spoken prompts, elderly mode)."""


class Journey:
    """Holds the journey state and the parts; resets both when the session ends."""

    def __init__(self, services: Any) -> None:
        self.services = services
        self.state = JourneyState()
        self._parts: dict[str, Any] = {}
        services.bus.subscribe(SessionEnded, lambda _event: self.reset())

    def available(self, name: str) -> bool:
        """True when the part's module exists (parts land one issue at a time)."""
        return name in PARTS and importlib.util.find_spec(PARTS[name].partition(":")[0]) is not None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in PARTS:
            raise AttributeError(name)
        if name not in self._parts:
            module, _, cls = PARTS[name].partition(":")
            self._parts[name] = getattr(importlib.import_module(module), cls)(self.services, self.state)
        return self._parts[name]

    def reset(self) -> None:
        """Forget the journey: new visit id, every part's own reset."""
        self.state.reset()
        for part in self._parts.values():
            reset = getattr(part, "reset", None)
            if reset is not None:
                reset()

"""The application being built during one visit: the one place the citizen's data lives.

Every step writes here and nowhere else — identification the identity and licences, the situations
step the answers, the form its values, the materials step the captured pages, review the signature,
delivery the choice — and the session wipes it as a whole when it ends (DESIGN.md §5). Memory only.
What is *not* personal (the chosen target, references, flags) is :class:`kiosk.journey.state.JourneyState`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devices.identity import Identity
from kiosk.sync.responses import Licence


@dataclass
class ApplicationDraft:
    """Everything of the citizen's the session holds; memory only, wiped at the end."""

    identity: Identity | None = None
    """The card holder, once identified."""
    answers: dict[str, str] = field(default_factory=dict)
    """Situation question id → chosen value."""
    form: dict[str, Any] = field(default_factory=dict)
    """Form field name → value (text, an address dict, a checkbox bool)."""
    materials: dict[str, list[bytes]] = field(default_factory=dict)
    """Material id → captured pages (JPEG or PDF bytes)."""
    licences: list[Licence] | None = None
    """The holder's electronic licences; None until fetched (an empty list: fetched, none held)."""
    signature: bytes = b""
    face_photo: bytes = b""
    phone: str = ""
    delivery: dict[str, Any] = field(default_factory=dict)
    """Pick-up or postal delivery: ``kind`` and, for post, ``address``, ``address_parts``, ``phone``."""

    def is_empty(self) -> bool:
        """True when nothing personal is held."""
        return (
            self.identity is None
            and not self.answers
            and not self.form
            and not self.materials
            and self.licences is None
            and not self.signature
            and not self.face_photo
            and not self.phone
            and not self.delivery
        )

    def wipe(self) -> None:
        """Overwrite and drop every personal field."""
        if self.identity is not None:
            self.identity.wipe()
        self.identity = None
        for table in (self.answers, self.form, self.materials, self.delivery):
            table.clear()
        self.licences = None
        self.signature = b""
        self.face_photo = b""
        self.phone = ""

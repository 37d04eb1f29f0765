"""Settings of one reference platform server."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.platform.faults import Faults


@dataclass(slots=True)
class ServerConfig:
    """Where the reference platform keeps its data and how strict it is."""

    db_path: Path
    secret: str = "dev-secret-change-me"
    """HMAC secret shared with every kiosk (the reference platform knows one secret)."""
    max_skew_s: int = 300
    max_upload_bytes: int = 20 << 20
    max_body_bytes: int = 8 << 20
    """Largest request body (an upload chunk or an application)."""
    case_step_s: float = 60.0
    """A case advances one step every this many seconds; 0 = only by the admin call."""
    promise_days: int = 3
    faults: Faults = field(default_factory=Faults)
    face_mismatch_ids: tuple[str, ...] = ("370481196203050042",)
    """ID numbers whose face never matches, to rehearse a failed verification: by default the simulator's
    sample card 1 (王秀英); every other readable photo matches."""

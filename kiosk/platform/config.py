"""Settings of one reference platform server."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.platform.faults import Faults


@dataclass(slots=True)
class ServerConfig:
    """Where the reference platform keeps its data and how strict it is."""

    db_path: Path
    kiosks: dict[str, str] = field(default_factory=lambda: {"KIOSK-0001": "dev-secret-change-me"})
    """Kiosk id → its own HMAC secret; a request from an id not here, or signed with another kiosk's
    secret, is 401. The default is the embedded default's one sample kiosk."""
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

    def secret_of(self, kiosk_id: str) -> str | None:
        """The secret of ``kiosk_id``, or ``None`` for a kiosk the platform does not know."""
        return self.kiosks.get(kiosk_id)


class KeysFileError(ValueError):
    """A kiosk keys file that cannot be used; the message says why."""


def load_kiosk_keys(path: Path) -> dict[str, str]:
    """Kiosk id → secret from a TOML (``[kiosks]`` table or top-level keys) or JSON object file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise KeysFileError(f"{path}: cannot read kiosk keys ({exc})") from None
    table = data.get("kiosks", data) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not table:
        raise KeysFileError(f"{path}: expected a table of kiosk id = secret")
    bad = [k for k, v in table.items() if not isinstance(v, str) or len(v) < 8]
    if bad:
        raise KeysFileError(f"{path}: secrets must be text of at least 8 characters (kiosks: {', '.join(bad)})")
    return {str(k): str(v) for k, v in table.items()}

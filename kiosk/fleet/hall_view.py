"""What the hall manager's page knows: every kiosk's latest state, health, config report and replies, kept
from the broker's messages (thread-safe), and which kiosks need a person."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

OLDEST_WAIT_ATTENTION_S = 3600.0


@dataclass(slots=True)
class KioskView:
    """One kiosk as the page shows it."""

    kiosk_id: str
    state: str = "unknown"
    health: dict[str, Any] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    replies: list[dict[str, Any]] = field(default_factory=list)
    last_seen: float | None = None

    def problems(self) -> list[str]:
        """Why a person should go to this kiosk (empty: it is fine)."""
        out = []
        if self.state == "offline":
            out.append("离线 offline")
        paper = self.health.get("paper")
        if paper in ("out", "near_end"):
            out.append("缺纸 paper out" if paper == "out" else "纸将尽 paper low")
        bad = sorted(k for k, v in (self.health.get("devices") or {}).items() if v in ("offline", "degraded"))
        if bad:
            out.append("设备故障 devices: " + ", ".join(bad))
        if (self.health.get("outbox_failed") or 0) > 0:
            out.append(f"待处理申请 failed applications: {self.health['outbox_failed']}")
        oldest = self.health.get("outbox_oldest_age_s")
        if isinstance(oldest, int | float) and oldest > OLDEST_WAIT_ATTENTION_S:
            out.append(f"积压 oldest waiting {oldest / 3600:.1f} h")
        if self.reported.get("error"):
            out.append("配置未应用 config refused")
        return out

    def as_json(self) -> dict[str, Any]:
        """The row the page draws."""
        return {
            "kiosk_id": self.kiosk_id,
            "state": self.state,
            "paper": self.health.get("paper"),
            "outbox_depth": self.health.get("outbox_depth"),
            "outbox_failed": self.health.get("outbox_failed"),
            "last_error": self.health.get("last_error", ""),
            "last_seen": self.last_seen,
            "config_version": self.reported.get("version"),
            "problems": self.problems(),
            "replies": self.replies[-3:],
        }


class HallView:
    """Every kiosk under a topic prefix, updated from MQTT messages."""

    def __init__(self, prefix: str = "kiosk") -> None:
        self.prefix = prefix
        self._kiosks: dict[str, KioskView] = {}
        self._lock = threading.Lock()

    def on_message(self, topic: str, payload: bytes, now: float | None = None) -> None:
        """Take one broker message (unknown or malformed ones are ignored)."""
        parts = topic.split("/")
        if len(parts) < 3 or parts[0] != self.prefix or parts[1] == "hall":
            return
        try:
            body = json.loads(payload.decode("utf-8")) if payload else {}
        except (UnicodeDecodeError, ValueError):
            return
        if not isinstance(body, dict):
            return
        kiosk_id, kind = parts[1], "/".join(parts[2:])
        with self._lock:
            view = self._kiosks.setdefault(kiosk_id, KioskView(kiosk_id))
            if kind == "state":
                view.state = str(body.get("state", "unknown"))
            elif kind == "health":
                view.health = body
                view.state = "online" if view.state != "offline" else view.state
            elif kind == "config/reported":
                view.reported = body
            elif kind.startswith("reply/"):
                view.replies.append(body)
                del view.replies[:-20]
            else:
                return
            view.last_seen = time.time() if now is None else now

    def rows(self) -> list[dict[str, Any]]:
        """Every kiosk, the ones that need a person first."""
        with self._lock:
            views = list(self._kiosks.values())
        return sorted((v.as_json() for v in views), key=lambda r: (not r["problems"], r["kiosk_id"]))

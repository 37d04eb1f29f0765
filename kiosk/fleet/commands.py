"""Orders from the fleet: each has an id and gets one reply; a redelivered order (MQTT QoS 1 delivers at
least once) is answered with the first reply and never runs twice, even across a restart."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

MAX_REMEMBERED = 500
COMMAND_ID_MAX = 64


class FleetTarget(Protocol):
    """What the fleet may ask of a kiosk (the services facade through :class:`kiosk.fleet.target.ServicesTarget`)."""

    def refresh_catalog(self) -> str:
        """Fetch the catalog now; how it went."""
        ...

    def self_test(self) -> dict[str, str]:
        """Each device's state after a self-check."""
        ...

    def retry_failed(self) -> int:
        """Queue failed outbox items again; how many."""
        ...

    def citizen_in_session(self) -> bool:
        """True while a citizen uses the kiosk."""
        ...

    def restart(self) -> None:
        """Restart the app (systemd starts it again)."""
        ...


class CommandBook:
    """Runs commands once each and remembers their replies (in memory and in ``path``)."""

    def __init__(self, target: FleetTarget, path: Path | None = None) -> None:
        self.target = target
        self.path = path
        self._done: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        if path is not None and path.exists():
            try:
                self._done.update(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                pass  # a damaged memory only means an old order could run again: start afresh
        self.handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "refresh_catalog": lambda _p: {"catalog": self.target.refresh_catalog()},
            "self_test": lambda _p: {"devices": self.target.self_test()},
            "retry_failed": lambda _p: {"requeued": self.target.retry_failed()},
            "restart": self._restart,
        }

    def _restart(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.target.citizen_in_session():
            raise CommandRefused("a citizen is using the kiosk: restart refused, try again later")
        self.target.restart()
        return {"restarting": True}

    def handle(self, command_id: str, payload: bytes) -> dict[str, Any]:
        """The reply to one order: ``{"id", "ok", "result"}`` or ``{"id", "ok": false, "error"}``."""
        with self._lock:
            if command_id in self._done:
                return self._done[command_id]
            reply = self._run(command_id, payload)
            self._done[command_id] = reply
            while len(self._done) > MAX_REMEMBERED:
                self._done.popitem(last=False)
            self._save()
            return reply

    def _run(self, command_id: str, payload: bytes) -> dict[str, Any]:
        if not command_id or len(command_id) > COMMAND_ID_MAX:
            return {"id": command_id[:COMMAND_ID_MAX], "ok": False, "error": "a command needs an id of 1-64 characters"}
        try:
            body = json.loads(payload.decode("utf-8")) if payload.strip() else {}
        except (UnicodeDecodeError, ValueError):
            return {"id": command_id, "ok": False, "error": "the command is not JSON"}
        if not isinstance(body, dict):
            return {"id": command_id, "ok": False, "error": 'the command must be an object {"command": …}'}
        name = body.get("command", body.get("method"))  # "method": ThingsBoard's RPC field
        handler = self.handlers.get(name) if isinstance(name, str) else None
        if handler is None:
            known = ", ".join(sorted(self.handlers))
            return {"id": command_id, "ok": False, "error": f"unknown command {name!r}; known: {known}"}
        params = body.get("params", {})
        try:
            result = handler(params if isinstance(params, dict) else {})
        except CommandRefused as exc:
            return {"id": command_id, "ok": False, "command": name, "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a failing order is answered, never crashes the agent
            return {"id": command_id, "ok": False, "command": name, "error": f"{type(exc).__name__}: {exc}"[:300]}
        return {"id": command_id, "ok": True, "command": name, "result": result}

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._done, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


class CommandRefused(RuntimeError):
    """An order that may not run now; the reply says why."""

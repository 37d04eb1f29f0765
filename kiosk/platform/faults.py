"""Fault injection for the reference platform: error statuses, latency and dropped connections.

A pure ASGI middleware in front of the API. ``drop_after`` is the nasty case: the request is processed
(the case is stored) and then the connection is aborted without an answer, so the kiosk never hears.
Aborting reaches uvicorn's transport through the ``receive`` callable's owner (its request cycle);
without it the middleware falls back to starting the answer and closing mid-way, which a client sees
as a broken connection too.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field
from typing import Any

STATUSES = (429, 500, 502, 503)
_NAMED = ("drop_before", "drop_after", "latency", "retry_after", "seed")


@dataclass(slots=True)
class Faults:
    """What to inject, each as a probability per request (``latency`` in seconds)."""

    error_rates: dict[int, float] = field(default_factory=dict)
    latency_s: float = 0.0
    drop_before: float = 0.0
    drop_after: float = 0.0
    retry_after_s: int = 1
    seed: int | None = None

    @property
    def active(self) -> bool:
        """True when anything is injected at all."""
        return bool(self.latency_s or self.drop_before or self.drop_after or any(self.error_rates.values()))

    def describe(self) -> str:
        """The spec text that parses back to these faults."""
        parts = [f"{s}={r:g}" for s, r in sorted(self.error_rates.items()) if r]
        for name, value in (
            ("drop_before", self.drop_before),
            ("drop_after", self.drop_after),
            ("latency", self.latency_s),
        ):
            if value:
                parts.append(f"{name}={value:g}")
        if self.error_rates.get(503) or self.error_rates.get(429):
            parts.append(f"retry_after={self.retry_after_s}")
        return ",".join(parts) or "none"


def parse_faults(spec: str) -> Faults:
    """Parse ``'500=0.1,503=0.05,429=0.05,drop_before=0.02,drop_after=0.05,latency=0.2,retry_after=1'``."""
    faults = Faults()
    total = 0.0
    for part in (p.strip() for p in spec.split(",")):
        if not part or part == "none":
            continue
        name, sep, raw = part.partition("=")
        name = name.strip()
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not sep or value != value or value < 0:
            raise ValueError(f"fault {part!r}: expected NAME=NUMBER (number ≥ 0)")
        if name.isdigit():
            if int(name) not in STATUSES:
                raise ValueError(f"fault status {name}: allowed {', '.join(map(str, STATUSES))}")
            faults.error_rates[int(name)] = value
            total += value
        elif name in ("drop_before", "drop_after"):
            setattr(faults, name, value)
            total += value
        elif name == "latency":
            faults.latency_s = value
        elif name == "retry_after":
            faults.retry_after_s = int(value)
        elif name == "seed":
            faults.seed = int(value)
        else:
            raise ValueError(f"unknown fault {name!r}; allowed: status codes {STATUSES} and {', '.join(_NAMED)}")
    if total > 1.0:
        raise ValueError(f"fault probabilities add up to {total:g}, more than 1")
    return faults


async def _abort(receive: Any) -> bool:
    """Abort the client connection under this request; False when the server gives no way to."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    for _ in range(3):
        await asyncio.sleep(0)  # let the server notice the lost connection
    return True


async def _error(send: Any, status: int, retry_after: int) -> None:
    body = json.dumps({"error": {"code": f"injected_{status}", "message": f"injected fault {status}"}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status in (429, 503):
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class FaultInjector:
    """ASGI middleware applying :class:`Faults` to ``/api/v1/`` calls (never to ``/api/v1/admin/``)."""

    def __init__(self, app: Any, faults: Faults) -> None:
        self.app = app
        self.faults = faults
        self.rng = random.Random(faults.seed)
        self.counts: dict[str, int] = {}

    def set_faults(self, faults: Faults) -> None:
        """Replace the faults while serving."""
        self.faults = faults
        if faults.seed is not None:
            self.rng.seed(faults.seed)

    def _pick(self) -> str | int | None:
        f = self.faults
        roll = self.rng.random()
        choices: list[tuple[str | int, float]] = [
            ("drop_before", f.drop_before),
            *sorted(f.error_rates.items()),
            ("drop_after", f.drop_after),
        ]
        for outcome, rate in choices:
            if roll < rate:
                return outcome
            roll -= rate
        return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point."""
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/v1/") or path.startswith("/api/v1/admin/"):
            await self.app(scope, receive, send)
            return
        faults = self.faults
        if faults.latency_s:
            await asyncio.sleep(faults.latency_s)
        outcome = self._pick() if faults.active else None
        if outcome is not None:
            self.counts[str(outcome)] = self.counts.get(str(outcome), 0) + 1
        if outcome == "drop_before" and await _abort(receive):
            return
        if isinstance(outcome, int):
            await _error(send, outcome, faults.retry_after_s)
            return
        if outcome != "drop_after":
            await self.app(scope, receive, send)
            return

        async def swallow(message: dict[str, Any]) -> None:
            return None

        await self.app(scope, receive, swallow)
        if not await _abort(receive):
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]})
            raise ConnectionAbortedError("injected drop after processing")

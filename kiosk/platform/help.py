"""Help requests (帮办): a kiosk asks hall staff to come; the platform keeps the open requests.

``POST /api/v1/help`` (signed) with the kiosk's current step; ``GET /api/v1/help`` lists the requests
for the staff's console. Requests live in memory: they matter for minutes, not for the record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field


class HelpIn(BaseModel):
    """Where the citizen is: the step of the journey, the language and whether elderly mode is on."""

    step: str = Field(..., min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    language: str = Field("zh-CN", max_length=8)
    elderly: bool = False


class HelpOut(BaseModel):
    """The request's number and the kiosk it came from."""

    help_id: int
    kiosk_id: str
    received: bool = True


class HelpDesk:
    """Thread-safe list of help requests in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[dict[str, Any]] = []

    def add(self, kiosk_id: str, request: HelpIn, now: float) -> int:
        """Record a request and return its number (1, 2, …)."""
        with self._lock:
            help_id = len(self._requests) + 1
            self._requests.append({"help_id": help_id, "kiosk_id": kiosk_id, "at": now, **request.model_dump()})
            return help_id

    def requests(self) -> list[dict[str, Any]]:
        """Every request so far (copies)."""
        with self._lock:
            return [dict(r) for r in self._requests]


def add_help_routes(
    api: Any,
    signed: list[Any],
    kiosk_of: Callable[[Any], str],
    clock: Callable[[], float],
    responses: dict[int | str, dict[str, Any]],
) -> HelpDesk:
    """Add ``POST/GET /api/v1/help`` to ``api``; returns the desk that holds the requests."""
    desk = HelpDesk()

    @api.post("/api/v1/help", dependencies=signed, status_code=201, responses=responses)
    def request_help(request: Request, body: HelpIn) -> HelpOut:
        """A citizen at the kiosk asked for staff (帮办)."""
        kiosk_id = kiosk_of(request)
        return HelpOut(help_id=desk.add(kiosk_id, body, clock()), kiosk_id=kiosk_id)

    @api.get("/api/v1/help", dependencies=signed, responses=responses)
    def list_help() -> list[dict[str, Any]]:
        """Every help request, oldest first (for the staff's console)."""
        return desk.requests()

    return desk

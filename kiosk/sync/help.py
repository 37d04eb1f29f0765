"""The kiosk's side of a help request (帮办): ``POST /api/v1/help`` with the current step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.sync.errors import MalformedResponse


@dataclass(frozen=True)
class HelpAck:
    """The platform's answer: the request's number and the kiosk id it recorded."""

    help_id: int
    kiosk_id: str


def request_help(client: Any, step: str, language: str = "zh-CN", elderly: bool = False) -> HelpAck:
    """Raise a help request for this kiosk (``client`` is a :class:`~kiosk.sync.client.PlatformClient`)."""
    payload = {"step": step, "language": language, "elderly": elderly}
    data = client._json_call("POST", "/api/v1/help", payload).json()
    try:
        return HelpAck(int(data["help_id"]), str(data["kiosk_id"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedResponse(f"the platform's help answer is malformed: {exc}") from exc

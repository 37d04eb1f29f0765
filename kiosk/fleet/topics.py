"""Topic layout of the fleet (README "Fleet"): native, or ThingsBoard's device MQTT API.

Native, under ``{prefix}/{kiosk_id}/``: ``state`` (retained ``{"state": "online"|"offline"}``, the Last Will
says offline), ``health`` (one report per interval), ``config/desired`` (retained, from the hall manager),
``config/reported`` (retained, what was applied), ``cmd/{id}`` (an order), ``reply/{id}`` (its answer); and
``{prefix}/hall/{hall}/config/desired`` for every kiosk of a hall.
"""

from __future__ import annotations

from dataclasses import dataclass

THINGSBOARD_TELEMETRY = "v1/devices/me/telemetry"
THINGSBOARD_ATTRIBUTES = "v1/devices/me/attributes"
THINGSBOARD_RPC_REQUEST = "v1/devices/me/rpc/request/"
THINGSBOARD_RPC_RESPONSE = "v1/devices/me/rpc/response/"


@dataclass(frozen=True, slots=True)
class Topics:
    """Every topic one kiosk uses."""

    state: str
    health: str
    desired: str
    hall_desired: str
    reported: str
    command_filter: str
    command_prefix: str
    reply_prefix: str

    def command_id(self, topic: str) -> str:
        """The command id at the end of a command topic ('' when the topic is not a command)."""
        return topic[len(self.command_prefix) :] if topic.startswith(self.command_prefix) else ""


def native_topics(prefix: str, kiosk_id: str, hall: str) -> Topics:
    """The native layout."""
    base = f"{prefix}/{kiosk_id}"
    return Topics(
        state=f"{base}/state",
        health=f"{base}/health",
        desired=f"{base}/config/desired",
        hall_desired=f"{prefix}/hall/{hall}/config/desired",
        reported=f"{base}/config/reported",
        command_filter=f"{base}/cmd/+",
        command_prefix=f"{base}/cmd/",
        reply_prefix=f"{base}/reply/",
    )


def thingsboard_topics() -> Topics:
    """ThingsBoard's device API: telemetry for health and state, shared attributes for desired config,
    client attributes for reported config, server-side RPC for commands."""
    return Topics(
        state=THINGSBOARD_TELEMETRY,
        health=THINGSBOARD_TELEMETRY,
        desired=THINGSBOARD_ATTRIBUTES,
        hall_desired=THINGSBOARD_ATTRIBUTES,
        reported=THINGSBOARD_ATTRIBUTES,
        command_filter=THINGSBOARD_RPC_REQUEST + "+",
        command_prefix=THINGSBOARD_RPC_REQUEST,
        reply_prefix=THINGSBOARD_RPC_RESPONSE,
    )

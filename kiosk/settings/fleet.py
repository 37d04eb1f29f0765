"""``[fleet]``: the kiosk reports to and takes orders from an MQTT broker (Mosquitto, EMQX, ThingsBoard)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from kiosk.settings.section import Section


class FleetSection(Section):
    """Broker, credentials (per kiosk: give secrets as KIOSK__FLEET__PASSWORD) and topics."""

    enabled: bool = Field(False, description="Report to the fleet broker and take its orders.")
    broker_url: str = Field("mqtt://127.0.0.1:1883", description="mqtt://HOST:PORT or mqtts://HOST:PORT (TLS).")
    ca_file: Path | None = Field(None, description="CA bundle for mqtts:// with a private CA; empty = system CAs.")
    username: str = Field("", description="Broker user name; empty = the kiosk id.")
    password: str = Field("", description="Broker password. Override with KIOSK__FLEET__PASSWORD.")
    client_cert: Path | None = Field(None, description="Client certificate (PEM) instead of a password.")
    client_key: Path | None = Field(None, description="Private key (PEM) of client_cert.")
    topic_prefix: str = Field("kiosk", pattern=r"^[A-Za-z0-9_/-]{1,64}$", description="First level of every topic.")
    hall: str = Field("hall", pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Hall id: kiosks of a hall share orders.")
    mode: Literal["native", "thingsboard"] = Field(
        "native", description="native topics, or ThingsBoard's device MQTT API (telemetry, attributes, RPC)."
    )
    interval_s: float = Field(60.0, ge=1, le=3600, description="Seconds between health reports.")
    keepalive_s: int = Field(30, ge=5, le=600, description="MQTT keep-alive: a dead kiosk shows offline after ~1.5x.")

    @field_validator("broker_url")
    @classmethod
    def _mqtt_url(cls, value: str) -> str:
        if not value.startswith(("mqtt://", "mqtts://")):
            raise ValueError("must start with mqtt:// or mqtts://")
        return value

"""``[devices.idcard]``: the ID card reader."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from kiosk.settings.section import Section

_DECODER_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class IdCardSection(Section):
    """Which reader backend and how to reach it."""

    backend: Literal["simulated", "samv", "pcsc"] = Field(
        "simulated",
        description="simulated (no hardware), samv (SAM module on a serial port), "
        "pcsc (social security card on a PC/SC reader).",
    )
    port: str = Field("", description="Serial port of a samv reader, e.g. /dev/ttyUSB0 (required for samv).")
    baud: Literal[9600, 19200, 38400, 57600, 115200] = Field(115200, description="Serial baud rate.")
    poll_interval_s: float = Field(0.3, ge=0.05, le=5.0, description="Seconds between card polls.")
    reply_timeout_s: float = Field(
        1.0,
        ge=0.1,
        le=10.0,
        description="Seconds a samv module may take to start answering a command (time on the wire is added).",
    )
    reader: str = Field("", description="PC/SC reader name (substring); empty = first reader found.")
    pin_lengths: list[int] = Field(
        default_factory=lambda: [6],
        description="Allowed lengths of a 社保卡 PIN (6 by default; some cards use others, 4-12).",
    )
    photo_decoder: str = Field(
        "",
        description="WLT photo decoder plug-in as 'package.module:function' "
        "(the reader vendor's library); empty = no decoded photo.",
    )
    identities: str = Field(
        "", description="JSON file of fictitious identities for the simulated backend; empty = the bundled samples."
    )

    @field_validator("photo_decoder")
    @classmethod
    def _decoder_spec(cls, value: str) -> str:
        if value and not _DECODER_SPEC.match(value):
            raise ValueError(f"photo_decoder {value!r} must look like 'package.module:function'")
        return value

    @model_validator(mode="after")
    def _port_for_serial(self) -> IdCardSection:
        if self.backend == "samv" and not self.port:
            raise ValueError("backend 'samv' needs 'port' (the serial device, e.g. /dev/ttyUSB0)")
        return self

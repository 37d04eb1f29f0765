"""``[devices.idcard]``: the ID card reader."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kiosk.settings.section import Section


class IdCardSection(Section):
    """Which reader backend and how to reach it."""

    backend: Literal["simulated", "samv", "pcsc"] = Field(
        "simulated", description="simulated (no hardware), samv (SAM module on a serial port), "
        "pcsc (social security card on a PC/SC reader).")
    port: str = Field("", description="Serial port of a samv reader, e.g. /dev/ttyUSB0 (required for samv).")
    baud: Literal[9600, 19200, 38400, 57600, 115200] = Field(115200, description="Serial baud rate.")
    poll_interval_s: float = Field(0.3, ge=0.05, le=5.0, description="Seconds between card polls.")
    reader: str = Field("", description="PC/SC reader name (substring); empty = first reader found.")

    @model_validator(mode="after")
    def _port_for_serial(self) -> IdCardSection:
        if self.backend == "samv" and not self.port:
            raise ValueError("backend 'samv' needs 'port' (the serial device, e.g. /dev/ttyUSB0)")
        return self

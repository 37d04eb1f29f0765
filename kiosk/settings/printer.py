"""``[devices.printer]``: the receipt printer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.settings.section import Section


class PrinterSection(Section):
    """Receipt printer backend and profile."""

    backend: Literal["simulated", "network", "serial", "usb", "cups", "file"] = Field(
        "simulated", description="simulated, network (TCP 9100), serial, usb, cups or file.")
    profile: str = Field("generic-80mm", min_length=1, description="Printer profile name under config/printers/.")
    host: str = Field("127.0.0.1", description="Host of a network printer.")
    port: int = Field(9100, ge=1, le=65535, description="TCP port of a network printer.")

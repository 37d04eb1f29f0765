"""``[admin]``: technician access."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from kiosk.settings.section import Section


class AdminSection(Section):
    """PIN and lockout of the technician's admin mode."""

    pin: str = Field(
        "246810",
        pattern=r"^[0-9]{4,12}$",
        description="Admin PIN, 4-12 digits. Override with KIOSK__ADMIN__PIN in production.",
    )
    max_failures: int = Field(5, ge=1, le=20, description="Wrong PINs in a row before lockout.")
    lockout_s: int = Field(300, ge=10, le=86400, description="Lockout length in seconds.")
    gesture_taps: int = Field(
        5, ge=3, le=10, description="Taps on the hall logo (top-left) within 3 s that open the PIN pad."
    )
    export_dir: Path | None = Field(
        None,
        description="Where the outbox screen's 'export failed' writes its CSV "
        "(e.g. a USB stick mount); empty = <data_dir>/exports.",
    )
    idle_timeout_s: int = Field(
        300, ge=30, le=7200, description="Admin mode closes (back to the citizen home) after this long untouched."
    )

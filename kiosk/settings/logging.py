"""``[logging]``: structured, masked log lines."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.settings.section import Section


class LoggingSection(Section):
    """Where and how much the kiosk logs (always masked, DESIGN.md §5)."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")
    to_file: bool = Field(True, description="Also write <data_dir>/logs/kiosk.log (rotated).")
    max_bytes: int = Field(5_000_000, ge=100_000, le=500_000_000, description="Size of one log file.")
    backups: int = Field(5, ge=1, le=100, description="Rotated log files kept.")

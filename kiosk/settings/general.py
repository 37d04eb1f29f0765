"""``[kiosk]``: who this machine is and where it keeps its data."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from kiosk.settings.section import Section


class KioskSection(Section):
    """Identity of the machine and its hall."""

    id: str = Field(
        "KIOSK-0001",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Kiosk id known to the platform (letters, digits, _ . -).",
    )
    hall_name: str = Field(
        "滕州市政务服务中心",
        min_length=1,
        max_length=60,
        description="Hall name printed on receipts and shown on the home screen.",
    )
    hall_name_en: str = Field(
        "Tengzhou Government Service Center", max_length=80, description="Hall name in English mode."
    )
    data_dir: Path = Field(
        Path("var"),
        description="Data directory (SQLite, outbox, keys, logs); "
        "relative paths are relative to the config file's directory.",
    )

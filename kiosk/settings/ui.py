"""``[ui]``: window, font, language and timeouts of the citizen screens."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from kiosk.settings.section import Section


class UiSection(Section):
    """What the citizen sees and how long the kiosk waits for them."""

    width: int = Field(1080, ge=320, le=3840, description="Window width in pixels (portrait 1080 default).")
    height: int = Field(1920, ge=480, le=3840, description="Window height in pixels.")
    fullscreen: bool = Field(False, description="Full screen without decorations (production: true).")
    font_path: Path | None = Field(None, description="CJK font file; empty = found through fontconfig.")
    language: Literal["zh-CN", "en"] = Field("zh-CN", description="Language a session starts in.")
    idle_timeout_s: int = Field(
        90, ge=10, le=3600, description="Seconds without a touch before the idle warning shows."
    )
    idle_warning_s: int = Field(
        20, ge=3, le=300, description="Seconds of countdown in the idle warning before the session ends."
    )
    elderly_timeout_factor: float = Field(
        2.0, ge=1.0, le=5.0, description="Timeouts are multiplied by this in elderly mode."
    )

"""``[devices.speech]``: spoken prompts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.settings.section import Section


class SpeechSection(Section):
    """Speech backend and volume."""

    backend: Literal["silent", "simulated", "espeak"] = Field("silent", description="silent or espeak.")
    volume: int = Field(80, ge=0, le=100, description="Volume in percent.")
    rate: int = Field(150, ge=80, le=300, description="Speaking rate in words per minute (espeak).")
    wav_dir: str = Field(
        "",
        description="Write each prompt as a WAV file into this folder instead of "
        "playing it (rehearsal without speakers); empty = play.",
    )

"""``[handwriting]``: the handwriting pad's recognition model."""

from __future__ import annotations

from pydantic import Field

from kiosk.settings.section import Section

DEFAULT_MODEL = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"
"""Debian's tegaki-zinnia-simplified-chinese; Debian 12 ships no traditional-Chinese zinnia model."""


class HandwritingSection(Section):
    """Which zinnia model the 手写 pad uses and how many candidates it shows."""

    model_path: str = Field(
        default=DEFAULT_MODEL,
        description="zinnia model file (simplified Chinese from Debian by default; a hall may point this "
        "at a traditional-Chinese zinnia model of its own).",
    )
    candidates: int = Field(default=10, ge=1, le=20, description="Candidates shown after each stroke pause.")

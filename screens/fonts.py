"""Find a CJK font through fontconfig; without one Kivy draws empty boxes instead of Chinese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PREFERRED = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback")


class FontNotFound(RuntimeError):
    """No usable CJK font: the message tells the technician what to install or configure."""


def _candidates() -> list[tuple[str, int, str]]:
    """``(file, face index, family)`` of every font fontconfig says covers simplified Chinese."""
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(
        ["fc-list", ":lang=zh-cn", "file", "index", "family"], capture_output=True, text=True, timeout=10, check=False
    ).stdout
    found = []
    for line in out.splitlines():
        file, _, rest = line.partition(": ")
        family, _, index = rest.rpartition(":index=")
        if file and index.strip().isdigit():
            found.append((file.strip(), int(index), family))
    return found


def find_cjk_font(configured: Path | None = None) -> str:
    """The font file to use: ``configured`` when set (must exist), else the best fontconfig match.

    Only face index 0 of a collection is usable by Kivy's SDL2 text provider, so a collection whose
    first face is Japanese (Noto CJK .ttc) comes after fonts whose first face is Chinese.
    """
    if configured is not None:
        if not Path(configured).is_file():
            raise FontNotFound(f"ui.font_path {configured} does not exist")
        return str(configured)
    faces = [c for c in _candidates() if c[1] == 0]
    for wanted in PREFERRED:
        for file, _index, family in faces:
            if wanted in family:
                return file
    if faces:
        return faces[0][0]
    raise FontNotFound(
        "no Chinese font found: install fonts-wqy-microhei or fonts-noto-cjk, or set ui.font_path in the config"
    )

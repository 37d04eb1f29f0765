"""Find a CJK font for the screen; without one Kivy draws empty boxes instead of Chinese.

fontconfig (``fc-list``) is asked first. Where it is missing (``fontconfig`` is only a recommendation of
Debian's font packages, so ``--no-install-recommends`` skips it) the standard font folders are searched
for the files of the known Chinese font packages, so a kiosk without fontconfig still shows Chinese.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PREFERRED = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback")
"""Families in order of preference; each one's first face (index 0) draws Simplified Chinese."""

KNOWN_FILES = (
    ("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    ("NotoSansSC-Regular.otf", "Noto Sans SC"),
    ("SourceHanSansSC-Regular.otf", "Source Han Sans SC"),
    ("DroidSansFallbackFull.ttf", "Droid Sans Fallback"),
)
"""Font files whose first face is Simplified Chinese, found by name when fontconfig is not installed.
(Noto CJK's ``.ttc`` is not among them: its first face is Japanese.)"""

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")

INSTALL_HINT = "install fonts-wqy-microhei (or fonts-noto-cjk) and fontconfig, or set ui.font_path in the config"


class FontNotFound(RuntimeError):
    """No usable CJK font: the message tells the technician what to install or configure."""


def _fontconfig_faces() -> list[tuple[str, int, str]]:
    """``(file, face index, family)`` of every font fontconfig says covers simplified Chinese."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "index", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        file, _, rest = line.partition(": ")
        family, _, index = rest.rpartition(":index=")
        if file and index.strip().isdigit():
            found.append((file.strip(), int(index), family))
    return found


def _files_by_name(dirs: tuple[Path, ...] | None = None) -> list[tuple[str, int, str]]:
    """The known Chinese font files present under ``dirs`` (default :data:`FONT_DIRS`), described as
    fontconfig would describe them."""
    found: list[tuple[str, int, str]] = []
    for name, family in KNOWN_FILES:
        for folder in FONT_DIRS if dirs is None else dirs:
            if folder.is_dir():
                found.extend((str(path), 0, family) for path in sorted(folder.rglob(name)))
    return found


def find_cjk_font(configured: Path | None = None) -> str:
    """The font file to use: ``configured`` when set (must exist), else the best Chinese font installed.

    Only face index 0 of a collection is usable by Kivy's SDL2 text provider, so a collection whose
    first face is Japanese (Noto CJK .ttc) comes after fonts whose first face is Chinese.
    Raises :class:`FontNotFound` with what to install when there is none.
    """
    if configured is not None:
        if not Path(configured).is_file():
            raise FontNotFound(f"ui.font_path {configured} does not exist")
        return str(configured)
    faces = [c for c in _fontconfig_faces() if c[1] == 0] or _files_by_name()
    for wanted in PREFERRED:
        for file, _index, family in faces:
            if wanted in family:
                return file
    if faces:
        return faces[0][0]
    raise FontNotFound(f"no Chinese font found: {INSTALL_HINT}")


def font_report(configured: Path | None = None) -> tuple[bool, str]:
    """``(found, detail)`` for ``kiosk doctor``: the font file in use, or what is missing and what to do."""
    try:
        path = find_cjk_font(configured)
    except FontNotFound as exc:
        return False, str(exc)
    if configured is not None:
        return True, f"{path} (ui.font_path)"
    how = "fontconfig" if shutil.which("fc-list") else "font folders; fontconfig is not installed"
    return True, f"{path} (via {how})"

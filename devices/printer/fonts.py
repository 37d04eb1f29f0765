"""Find a font that draws Chinese for the preview (fontconfig may answer DejaVu for ``:lang=zh``)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

PREFERRED = ("wqy-microhei", "wqy-zenhei", "NotoSansCJKsc", "NotoSansSC", "SourceHanSansSC", "droid")


def find_cjk_font() -> str | None:
    """Path of a Simplified Chinese font file (index-0 face), or None when fontconfig knows none."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    for wanted in PREFERRED:
        for file in files:
            if wanted.lower() in file.lower().replace("-", "").replace("_", "") or wanted.lower() in file.lower():
                return file
    # A .ttc collection's first face may be Japanese; a plain .ttf/.otf is one face.
    plain = [f for f in files if f.lower().endswith((".ttf", ".otf"))]
    choice = plain or files
    return choice[0] if choice else None


@functools.cache
def fallback_fonts() -> tuple[tuple[str, int], ...]:
    """Fonts (path, face index) to try for characters the main font lacks (Noto CJK SC covers Ext. A)."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "family", "index"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        match = re.search(r"index=(\d+)", rest)
        if "CJK SC" in rest and "Mono" not in rest and "Serif" not in path and match:
            found.append((path.strip(), int(match.group(1))))
    return tuple(sorted(set(found), key=lambda f: ("Bold" in f[0], f)))

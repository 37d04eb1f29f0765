"""The CJK font lookup: a Chinese face through fontconfig, or a clear error naming what to install."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from screens.fonts import FontNotFound, find_cjk_font


def test_fontconfig_finds_a_font_whose_first_face_covers_chinese() -> None:
    path = find_cjk_font()
    assert Path(path).is_file()
    families = subprocess.run(
        ["fc-query", "--index=0", "--format=%{family}|%{lang}", path], capture_output=True, text=True, check=True
    ).stdout
    assert "zh-cn" in families.split("|", 1)[1]


def test_configured_font_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound, match="does not exist"):
        find_cjk_font(tmp_path / "missing.ttf")


def test_no_font_at_all_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text("<?xml version='1.0'?><fontconfig><cachedir>" + str(tmp_path) + "</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # fontconfig itself sees no fonts at all
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        find_cjk_font()

"""The CJK font lookup: a Chinese face through fontconfig, or a clear error naming what to install."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk import fonts
from kiosk.fonts import FontNotFound, find_cjk_font


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
    assert Path(find_cjk_font()).is_file(), "the font folders are still searched"
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        find_cjk_font()


def test_without_fontconfig_the_font_folders_are_searched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list: as on a minimal Debian without fontconfig
    path = find_cjk_font()
    assert Path(path).name in {name for name, _family in fonts.KNOWN_FILES}
    found, detail = fonts.font_report()
    assert found and "fontconfig is not installed" in detail


def test_neither_fontconfig_nor_a_font_names_both_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei.*fontconfig"):
        find_cjk_font()
    found, detail = fonts.font_report()
    assert not found and "fonts-wqy-microhei" in detail

import pytest

from devices.errors import ConfigurationError
from devices.printer.profile import as_profile, load_profile, profile_from_dict
from tests.devices.printer.conftest import PROFILES


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_profile_loads(path):
    profile = load_profile(path)
    assert profile.name == path.stem
    assert profile.paper_mm in (58, 80)
    assert profile.columns * 12 <= profile.dots


def test_shipped_profiles_cover_the_encodings_and_both_widths():
    profiles = [load_profile(p) for p in PROFILES.glob("*.toml")]
    assert {p.encoding for p in profiles} == {"gb18030", "gbk", "utf-8"}
    assert {p.paper_mm for p in profiles} == {58, 80}
    assert load_profile(PROFILES / "generic-80mm.toml").chinese_mode == b"\x1c&"


@pytest.mark.parametrize(("data", "message"), [
    ({"paper_mm": 76}, "paper_mm"),
    ({"encoding": "big5"}, "encoding"),
    ({"colour": "red"}, "unknown key"),
    ({"chinese_mode": "zz"}, "hex"),
    ({"cut": "sideways"}, "cut"),
])
def test_bad_profiles_say_what_is_wrong(data, message):
    with pytest.raises(ConfigurationError, match=message):
        profile_from_dict(data, "test")


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot be read"):
        load_profile(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("paper_mm = = 3", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_profile(bad)


def test_as_profile_accepts_data_paths_and_none():
    assert as_profile(None).paper_mm == 80
    assert as_profile({"name": "x", "paper_mm": 58, "dots": 384, "columns": 32}).columns == 32
    assert as_profile(str(PROFILES / "generic-58mm.toml")).paper_mm == 58

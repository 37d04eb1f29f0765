import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"paper_mm": 76}, "paper_mm"),
        ({"encoding": "big5"}, "encoding"),
        ({"colour": "red"}, "unknown key"),
        ({"chinese_mode": "zz"}, "hex"),
        ({"cut": "sideways"}, "cut"),
        ({"native_qr": "yes"}, "true or false"),
        ({"dots": "576"}, "whole number"),
    ],
)
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


def test_a_bare_profile_name_without_its_path_is_refused():
    from devices.printer.backends.network import NetworkPrinter

    with pytest.raises(ConfigurationError, match="profile_path"):
        NetworkPrinter("printer", profile="generic-58mm")
    assert (
        NetworkPrinter(
            "printer", profile="generic-58mm", profile_path=str(PROFILES / "generic-58mm.toml")
        ).profile.paper_mm
        == 58
    )


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.text(max_size=8),
    st.sampled_from(["gb18030", "gbk", "utf-8", "UTF_8", "full", "none", "1c 26"]),
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "paper_mm",
                "dots",
                "columns",
                "encoding",
                "cut",
                "qr_module",
                "chinese_mode",
                "native_qr",
                "status",
                "bogus",
            ]
        ),
        values,
        max_size=6,
    )
)
def test_any_profile_data_gives_a_profile_or_a_configuration_error(data):
    try:
        profile = profile_from_dict(data, "fuzz")
    except ConfigurationError as exc:
        assert "fuzz" in str(exc)
    else:
        assert profile.paper_mm in (58, 80) and profile.encoding in ("gb18030", "gbk", "utf-8")
        assert isinstance(profile.native_qr, bool) and isinstance(profile.status, bool)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import ProtocolError
from devices.printer.code128 import decode_escpos_code128, escpos_code128, width_dots
from devices.printer.escpos_stream import commands, next_command
from devices.printer.textwidth import text_width, wrap

printable_ascii = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=40)
mixed = st.text(alphabet=st.sampled_from(list("滕州市政务服务中心，：（）￥ab c1 23-")), max_size=80)


def test_width_counts_chinese_as_two_columns():
    assert text_width("ab") == 2
    assert text_width("滕州，") == 6


def test_wrap_keeps_closing_punctuation_off_the_line_start():
    assert wrap("住所使用证明（现场拍摄）", 22) == ["住所使用证明（现场拍", "摄）"]


@given(mixed, st.integers(min_value=4, max_value=48))
def test_wrapped_lines_fit_and_keep_every_visible_character(text, columns):
    lines = wrap(text, columns)
    assert all(text_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_code128_uses_set_c_for_digit_runs():
    assert escpos_code128("TZ20261124") == "{BTZ{C" + "".join(chr(n) for n in (20, 26, 11, 24))
    assert escpos_code128("{x") == "{B{{x"
    assert width_dots(escpos_code128("TZ2026112400123"), 2) < width_dots("{BTZ2026112400123", 2)


@given(printable_ascii)
def test_code128_round_trips(text):
    data = escpos_code128(text)
    assert decode_escpos_code128(data) == text
    assert all(ord(c) < 0x80 for c in data)


@pytest.mark.parametrize("bad", ["", "张三", "a\x01"])
def test_code128_rejects_what_it_cannot_encode(bad):
    with pytest.raises(ValueError):
        escpos_code128(bad)


def test_stream_skips_image_payloads_that_look_like_commands():
    image = b"\x1dv0\x00\x01\x00\x02\x00" + b"\x10\x04"  # 1 byte wide, 2 rows: the rows are 10 04
    names = [c.name for c in commands(b"\x1b@" + image + b"\x10\x04\x01")]
    assert names == ["ESC @", "GS v 0", "DLE 0x04"]


def test_stream_incomplete_command_waits_and_complete_job_reports_it():
    assert next_command(b"\x1d(k\x05\x001P0", 0) is None
    with pytest.raises(ProtocolError, match="ends inside a command"):
        list(commands(b"\x1b@\x1dv0\x00\x10\x00\x10\x00"))


@given(st.binary(max_size=200))
def test_any_bytes_split_or_raise_a_typed_error(data):
    try:
        total = 0
        for _ in commands(data):
            total += 1
        assert total <= len(data)
    except ProtocolError:
        pass

import logging

import pytest
from escpos.printer import Dummy
from hypothesis import given
from hypothesis import strategies as st

from devices.printer.encoding import REPLACEMENT, decode_text, encode_text, sanitize
from kiosk.receipts import CHARACTER_CLASSES


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
@pytest.mark.parametrize("name", sorted(CHARACTER_CLASSES))
def test_every_character_class_round_trips(encoding, name):
    text = CHARACTER_CLASSES[name]
    encoded = encode_text(text, encoding)
    assert encoded.replaced == ()
    assert decode_text(encoded.data, encoding) == text


def test_gbk_keeps_common_chinese_and_punctuation():
    text = CHARACTER_CLASSES["punctuation"] + CHARACTER_CLASSES["address"] + "￥"
    assert decode_text(encode_text(text, "gbk").data, "gbk") == text


def test_escpos_own_encoder_loses_cjk_punctuation_that_ours_keeps():
    # The field problem from reference/devices.md: no common ideograph on the line -> '?'.
    printer = Dummy()
    printer.text("，：（）￥")
    assert b"?" in printer.output
    assert encode_text("，：（）￥", "gb18030").data == "，：（）￥".encode("gb18030")


def test_characters_outside_gbk_are_replaced_visibly_and_logged(caplog):
    caplog.set_level(logging.WARNING, logger="devices.printer.encoding")
    encoded = encode_text("李㐀华", "gbk")
    assert decode_text(encoded.data, "gbk") == f"李{REPLACEMENT}华"
    assert b"?" not in encoded.data
    assert encoded.replaced == ("U+3400",)
    assert "U+3400" in caplog.text
    assert "李" not in caplog.text  # the line's text (a name) is not logged


def test_control_characters_cannot_inject_commands():
    encoded = encode_text("张\x1b@\x1dV\x00三\x10\x04\x01", "gb18030")
    assert not any(b in encoded.data for b in (0x1B, 0x1D, 0x10, 0x00, 0x04))
    assert decode_text(encoded.data, "gb18030") == "张 @ V 三   "


def test_unknown_encoding_is_a_clear_error():
    with pytest.raises(ValueError, match="allowed"):
        encode_text("x", "big5")


@given(st.text(max_size=60))
def test_any_text_encodes_and_comes_back_in_gb18030(text):
    encoded = encode_text(text, "gb18030")
    clean = sanitize(text)
    expected = "".join(REPLACEMENT if 0xD800 <= ord(c) <= 0xDFFF else c for c in clean)
    assert decode_text(encoded.data, "gb18030") == expected
    assert all(b >= 0x20 or b == 0x0A for b in encoded.data if b < 0x80)


@given(st.text(max_size=60))
def test_gbk_never_produces_question_marks_it_was_not_given(text):
    encoded = encode_text(text, "gbk")
    assert encoded.data.count(b"?") == sanitize(text).count("?")

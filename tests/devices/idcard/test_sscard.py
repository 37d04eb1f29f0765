"""Social security card APDUs, TLV records and PIN handling, against the virtual card's applet."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import UnsupportedMedia
from devices.idcard.sscard import (
    SELECT_APP,
    CardDataError,
    CardStatusError,
    PinBlocked,
    PinRejected,
    PinRequired,
    bcd_date,
    encode_tlv,
    exchange,
    parse_tlv,
    pin_apdu,
    read_social_security_card,
)
from devices.idcard.virtual_sscard import Applet, ForeignCardApplet, SocialSecurityApplet
from devices.identity import DocumentType


def transmit_to(applet: Applet, log: list[bytes] | None = None):
    def transmit(apdu: bytes) -> tuple[bytes, int]:
        if log is not None:
            log.append(apdu)
        answer = applet.process(apdu)
        return answer[:-2], int.from_bytes(answer[-2:], "big")

    return transmit


def social_card(samples):
    return next(s for s in samples if s.document_type is DocumentType.SOCIAL_SECURITY_CARD)


def test_select_apdu_is_the_reference_one():
    assert SELECT_APP == bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")


def test_reads_the_holder(samples):
    sample = social_card(samples)
    sent: list[bytes] = []
    identity = read_social_security_card(transmit_to(SocialSecurityApplet(sample), sent))
    assert identity.document_type is DocumentType.SOCIAL_SECURITY_CARD
    assert (identity.name, identity.id_number, identity.sex, identity.nation) == ("李强", sample.id_number, "1", "汉")
    assert identity.birth_date == date(1975, 9, 23)
    assert identity.id_number_valid
    assert identity.extra["card_number"] == "SD0481234"
    assert identity.extra["region"] == "370400"
    assert bytes.fromhex("00B2072C0B") in sent
    assert bytes.fromhex("00A4020002EF06") in sent


def test_pin_required_then_wrong_then_right_then_blocked(samples):
    applet = SocialSecurityApplet(social_card(samples), pin="123456", tries=2)
    transmit = transmit_to(applet)
    with pytest.raises(PinRequired):
        read_social_security_card(transmit)
    with pytest.raises(PinRejected) as wrong:
        read_social_security_card(transmit, pin="000000")
    assert wrong.value.tries_left == 1
    assert read_social_security_card(transmit, pin="123456").name == "李强"
    applet.reset()
    with pytest.raises(PinBlocked):
        read_social_security_card(transmit, pin="999999")
    with pytest.raises(PinBlocked):
        read_social_security_card(transmit, pin="123456")


def test_a_card_that_is_not_a_social_security_card_is_unsupported():
    with pytest.raises(UnsupportedMedia, match="unsupported card"):
        read_social_security_card(transmit_to(ForeignCardApplet()))


def test_failing_record_is_a_typed_error(samples):
    applet = SocialSecurityApplet(social_card(samples))
    applet.read_failures = 10
    with pytest.raises(CardStatusError, match="6F00"):
        read_social_security_card(transmit_to(applet))


def test_t0_wrong_length_and_get_response_are_followed():
    answers = {
        bytes.fromhex("00B2010405"): (b"", 0x6C03),
        bytes.fromhex("00B2010403"): (b"\x01", 0x6102),
        bytes.fromhex("00C0000002"): (b"\x02\x03", 0x9000),
    }
    assert exchange(lambda apdu: answers[apdu], bytes.fromhex("00B2010405")) == (b"\x01\x02\x03", 0x9000)


def test_pin_apdu_packs_bcd():
    assert pin_apdu("123456") == bytes.fromhex("0020000003123456")
    assert pin_apdu("12345") == bytes.fromhex("002000000312345F")
    from devices.idcard.sscard import InvalidPin

    with pytest.raises(InvalidPin):  # a DeviceError the reader thread reports, never a ValueError that kills it
        pin_apdu("12a4")


def test_bcd_dates():
    assert bcd_date(bytes.fromhex("19750923")) == date(1975, 9, 23)
    with pytest.raises(CardDataError):
        bcd_date(bytes.fromhex("19751323"))
    with pytest.raises(CardDataError):
        bcd_date(bytes.fromhex("1975AB23"))


def test_tlv_errors_name_the_tag():
    with pytest.raises(CardDataError, match="tag 09 announces 30 bytes"):
        parse_tlv(b"\x09\x1e" + b"x" * 5)
    with pytest.raises(CardDataError, match="no length"):
        parse_tlv(b"\x09")


@given(st.dictionaries(st.integers(1, 0xFE), st.binary(max_size=300), max_size=6))
def test_tlv_round_trip(items):
    data = b"".join(encode_tlv(tag, value) for tag, value in items.items())
    assert parse_tlv(data + b"\xff\xff") == items


@given(st.binary(max_size=200))
def test_random_records_parse_or_fail_typed(data):
    try:
        parse_tlv(data)
    except CardDataError:
        pass


@given(st.binary(max_size=40), st.sampled_from([0x08, 0x09, 0x0A, 0x0B, 0x0D]))
def test_random_holder_records_give_typed_errors_only(samples, value, tag):
    applet = SocialSecurityApplet(social_card(samples))
    applet.files[0x06][tag] = encode_tlv(tag, value)
    try:
        read_social_security_card(transmit_to(applet))
    except (CardDataError, CardStatusError):
        pass


def test_a_card_answering_61xx_forever_is_a_typed_error_not_a_hang():
    from devices.errors import ProtocolError

    calls = []

    def endless(apdu: bytes) -> tuple[bytes, int]:
        calls.append(apdu)
        return b"\x00" * 16, 0x6110  # "16 more bytes", forever

    with pytest.raises(ProtocolError, match="61xx"):
        exchange(endless, bytes.fromhex("00B2010400"))
    assert len(calls) <= 66


@given(st.text(max_size=16))
def test_any_pin_text_is_accepted_or_a_typed_error(pin):
    from devices.idcard.sscard import InvalidPin, check_pin, pin_apdu

    for lengths in ((6,), (4, 6, 8), ()):
        try:
            assert check_pin(pin, lengths) == pin
        except InvalidPin as exc:
            assert "位数字" in exc.message
    try:
        pin_apdu(pin)
    except InvalidPin:
        pass

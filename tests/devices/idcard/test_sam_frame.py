"""GA 467 framing and SAM replies: reference examples, broken input, property-based round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import ProtocolError
from devices.idcard.sam_frame import (
    PREAMBLE,
    BadLength,
    ChecksumMismatch,
    FrameDecoder,
    FrameError,
    TruncatedFrame,
    decode_frames,
    encode_command,
    encode_frame,
)
from devices.idcard.sam_protocol import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    SELECT_CARD,
    CardData,
    SamStatusError,
    Sw3,
    UnknownStatus,
    encode_card_data,
    format_sam_id,
    meaning,
    parse_card_data,
    parse_reply,
)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("command", "frame"),
    [
        (FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),
        (SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),
        (READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
    ],
)
def test_commands_encode_exactly_as_the_reference(command, frame):
    assert encode_command(*command) == h(frame)


def test_reference_replies_decode():
    status, no_card = decode_frames(h("AA AA AA 96 69 00 04 00 00 90 94 AA AA AA 96 69 00 04 00 00 80 84"))
    assert parse_reply(status).sw3 is Sw3.OK
    assert parse_reply(no_card).sw3 is Sw3.FIND_FAILED
    assert "find card failed" in meaning(0x80)


def test_garbage_before_the_header_is_skipped_and_counted():
    decoder = FrameDecoder()
    decoder.feed(b"\x00\x13\xaa\xaa\x96" + encode_frame(b"\x00\x00\x90"))
    assert decoder.next_payload() == b"\x00\x00\x90"
    assert decoder.skipped == 5


def test_a_frame_split_into_single_bytes_comes_out_whole():
    frame = encode_frame(bytes(range(200)))
    decoder = FrameDecoder()
    for i, byte in enumerate(frame):
        assert decoder.next_payload() is None, f"early frame at byte {i}"
        decoder.feed(bytes([byte]))
    assert decoder.next_payload() == bytes(range(200))
    assert decoder.pending == 0


def test_bytes_wanted_tells_the_rest_of_a_frame():
    frame = encode_frame(bytes(100))
    decoder = FrameDecoder()
    assert decoder.bytes_wanted() == 7
    decoder.feed(frame[:10])
    assert decoder.bytes_wanted() == len(frame) - 10


def test_bad_checksum_is_named_and_the_next_frame_still_decodes():
    good = encode_frame(b"\x00\x00\x9f\x00\x00\x00\x00")
    broken = good[:-1] + bytes([good[-1] ^ 0x01])
    decoder = FrameDecoder()
    decoder.feed(broken + good)
    with pytest.raises(ChecksumMismatch, match="checksum"):
        decoder.next_payload()
    assert decoder.next_payload() == b"\x00\x00\x9f\x00\x00\x00\x00"


@pytest.mark.parametrize("length", [0, 1, 0x0A01, 0xFFFF])
def test_impossible_length_is_named_and_skipped(length):
    decoder = FrameDecoder()
    decoder.feed(PREAMBLE + length.to_bytes(2, "big") + b"junk" + encode_frame(b"\x00\x00\x90"))
    with pytest.raises(BadLength, match=f"LEN {length}"):
        decoder.next_payload()
    payload = None
    while payload is None:
        payload = decoder.next_payload()
    assert payload == b"\x00\x00\x90"


def test_truncated_frame_is_reported_by_decode_frames():
    with pytest.raises(TruncatedFrame):
        decode_frames(encode_frame(bytes(50))[:30])


def test_unknown_status_and_bad_status_bytes_are_typed():
    with pytest.raises(UnknownStatus, match="SW3 55"):
        parse_reply(b"\x00\x00\x55")
    with pytest.raises(UnknownStatus, match="SW1 SW2 01 00"):
        parse_reply(b"\x01\x00\x90")
    with pytest.raises(BadLength):
        parse_reply(b"\x00")


def test_status_error_knows_a_sam_fault_from_a_card_problem():
    assert SamStatusError(Sw3.SAM_SELF_TEST_FAILED, "find").is_sam_fault
    assert not SamStatusError(Sw3.READ_FAILED, "read").is_sam_fault
    assert "read failed" in str(SamStatusError(Sw3.READ_FAILED, "read"))


def test_read_reply_lengths_must_add_up():
    card = CardData(bytes(256), bytes(1024))
    data = encode_card_data(card)
    assert len(encode_frame(b"\x00\x00\x90" + data)) == 1295
    assert parse_card_data(data) == card
    with pytest.raises(BadLength, match="announce"):
        parse_card_data(data[:-1])
    with pytest.raises(BadLength, match="text length"):
        parse_card_data(b"\x00\x10\x04\x00" + bytes(16 + 1024))
    with_fp = CardData(bytes(256), bytes(1024), bytes(1024))
    assert parse_card_data(encode_card_data(with_fp, True), True) == with_fp


def test_sam_id_format():
    data = (
        bytes([5, 0, 1, 0])
        + (20170301).to_bytes(4, "little")
        + (12345).to_bytes(4, "little")
        + (67890).to_bytes(4, "little")
    )
    assert format_sam_id(data) == "05.01-20170301-000012345-000067890"
    with pytest.raises(BadLength):
        format_sam_id(data[:10])


@given(st.binary(min_size=1, max_size=3000), st.lists(st.integers(0, 3100), max_size=6))
def test_round_trip_whatever_the_read_boundaries(payload, cuts):
    frame = encode_frame(payload)
    decoder = FrameDecoder()
    bounds = sorted({0, len(frame), *(c for c in cuts if c < len(frame))})
    got = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        decoder.feed(frame[start:end])
        if (p := decoder.next_payload()) is not None:
            got.append(p)
    assert got == [payload]


@given(st.binary(max_size=600))
def test_random_bytes_give_payloads_or_typed_errors_only(data):
    decoder = FrameDecoder()
    decoder.feed(data)
    for _ in range(len(data) + 1):
        try:
            payload = decoder.next_payload()
        except FrameError:
            continue
        if payload is None:
            break
        try:
            parse_reply(payload)
        except ProtocolError:
            pass


@given(st.binary(min_size=3, max_size=300), st.data())
def test_mutated_frames_never_pass_silently_with_a_wrong_payload(payload, data):
    frame = bytearray(encode_frame(payload))
    index = data.draw(st.integers(7, len(frame) - 1))
    flip = data.draw(st.integers(1, 255))
    frame[index] ^= flip
    decoder = FrameDecoder()
    decoder.feed(bytes(frame))
    with pytest.raises(ChecksumMismatch):
        decoder.next_payload()


def test_empty_or_oversized_payload_cannot_be_framed():
    with pytest.raises(BadLength):
        encode_frame(b"")
    with pytest.raises(BadLength):
        encode_frame(bytes(0x0A00))

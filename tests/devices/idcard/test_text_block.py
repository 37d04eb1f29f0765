"""The 256-byte text block in all four layouts, built by hand from the reference offsets and at random."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import idnumber
from devices.idcard.nations import NATIONS
from devices.idcard.text_block import (
    TextBlockError,
    decode_text_block,
    document_type_of,
    encode_text_block,
)
from devices.identity import DocumentType, Identity


def put(block: bytearray, start: int, end: int, text: str) -> None:
    """Write ``text`` (UCS-2 LE, space padded) at the reference's inclusive byte range."""
    raw = text.ljust((end - start + 1) // 2).encode("utf-16-le")
    block[start : end + 1] = raw


def blank() -> bytearray:
    return bytearray(" ".encode("utf-16-le") * 128)


def resident_block(valid_to: str = "20350301", marker: bytes = b" \x00") -> bytes:
    b = blank()
    put(b, 0, 29, "张伟")
    put(b, 30, 31, "1")
    put(b, 32, 35, "01")
    put(b, 36, 51, "19850612")
    put(b, 52, 121, "山东省滕州市荆河街道龙泉路88号")
    put(b, 122, 157, "370481198506121230")
    put(b, 158, 187, "滕州市公安局")
    put(b, 188, 203, "20150301")
    put(b, 204, 219, valid_to)
    b[248:250] = marker
    return bytes(b)


def test_resident_card_built_from_reference_offsets():
    identity = decode_text_block(resident_block())
    assert identity.document_type is DocumentType.RESIDENT_ID
    assert (identity.name, identity.sex, identity.nation) == ("张伟", "1", "汉")
    assert identity.birth_date == date(1985, 6, 12)
    assert identity.address == "山东省滕州市荆河街道龙泉路88号"
    assert identity.id_number == "370481198506121230" and identity.id_number_valid
    assert identity.issuer == "滕州市公安局"
    assert (identity.valid_from, identity.valid_to) == (date(2015, 3, 1), date(2035, 3, 1))
    assert not identity.valid_long_term
    assert identity.extra["nation_code"] == "01"


def test_marker_zero_is_also_a_resident_card_and_long_term_validity():
    identity = decode_text_block(resident_block("长期", b"\x00\x00"))
    assert identity.document_type is DocumentType.RESIDENT_ID
    assert identity.valid_long_term and identity.valid_to is None
    assert not identity.is_expired(date(2100, 1, 1))


def test_invalid_check_digit_is_reported_not_hidden():
    b = bytearray(resident_block())
    put(b, 122, 157, "370481198506121231")
    identity = decode_text_block(bytes(b))
    assert identity.id_number == "370481198506121231"
    assert identity.id_number_valid is False


def test_hmt_permit_layout():
    b = blank()
    put(b, 0, 29, "陈家明")
    put(b, 30, 31, "2")
    put(b, 36, 51, "19900101")
    put(b, 52, 121, "枣庄市市中区光明路1号")
    put(b, 122, 157, "810000199001010027")
    put(b, 158, 187, "枣庄市公安局")
    put(b, 188, 203, "20200510")
    put(b, 204, 219, "20250510")
    put(b, 220, 237, "H12345678")
    put(b, 238, 241, "03")
    put(b, 248, 249, "J")
    identity = decode_text_block(bytes(b))
    assert identity.document_type is DocumentType.HMT_RESIDENCE_PERMIT
    assert identity.nation == ""
    assert identity.extra == {"pass_number": "H12345678", "issue_count": "03"}
    assert identity.id_number_valid
    assert identity.is_expired(date(2026, 1, 1))


def test_foreign_permanent_2017_layout():
    b = blank()
    put(b, 0, 119, "SMITH, JOHN ROBERT")
    put(b, 120, 121, "1")
    put(b, 122, 151, "USA370419850612")
    put(b, 152, 157, "USA")
    put(b, 158, 187, "史密斯")
    put(b, 188, 203, "20180901")
    put(b, 204, 219, "20280901")
    put(b, 220, 235, "19850612")
    put(b, 236, 239, "01")
    put(b, 240, 247, "1500")
    put(b, 248, 249, "I")
    identity = decode_text_block(bytes(b))
    assert identity.document_type is DocumentType.FOREIGN_PERMANENT_2017
    assert (identity.name, identity.english_name, identity.nation) == ("史密斯", "SMITH, JOHN ROBERT", "USA")
    assert identity.id_number == "USA370419850612" and identity.id_number_valid
    assert identity.birth_date == date(1985, 6, 12)
    assert identity.issuer == "1500"
    assert identity.extra == {"card_version": "01"}


def test_foreign_permanent_2023_layout_with_long_english_name():
    english = "GARCIA LOPEZ, MARIA ISABEL DE LOS ANGELES"  # 41 characters: 35 + 6 in the second area
    b = blank()
    put(b, 0, 29, "玛丽亚")
    put(b, 30, 31, "2")
    put(b, 32, 35, "01")
    put(b, 36, 51, "19830514")
    put(b, 52, 121, english[:35])
    put(b, 122, 157, "911156198305140020")
    put(b, 158, 187, "国家移民管理局")
    put(b, 188, 203, "20240115")
    put(b, 204, 219, "20340115")
    put(b, 220, 241, english[35:])
    put(b, 242, 247, "ESP")
    put(b, 248, 249, "Y")
    identity = decode_text_block(bytes(b))
    assert identity.document_type is DocumentType.FOREIGN_PERMANENT_2023
    assert identity.english_name == english
    assert identity.nation == "ESP"
    assert identity.extra == {"renewal_count": "01"}
    assert identity.id_number_valid
    assert identity.address == ""


def test_every_sample_round_trips(samples):
    for sample in samples:
        if sample.document_type is DocumentType.SOCIAL_SECURITY_CARD:
            continue
        decoded = decode_text_block(encode_text_block(sample))
        decoded.photo = sample.photo
        assert decoded == sample, sample.document_type


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b.__setitem__(slice(248, 250), b"Q\x00"), "unknown card type marker"),
        (lambda b: put(b, 36, 51, "1985061"), "field birth is not a YYYYMMDD date"),
        (lambda b: put(b, 36, 51, "19850230"), "field birth is not a real date"),
        (lambda b: put(b, 32, 35, "77"), "field nation"),
        (lambda b: put(b, 30, 31, "男"), "field sex"),
        (lambda b: put(b, 188, 203, "        "), "field valid_from"),
        (lambda b: b.__setitem__(slice(0, 2), b"\x00\xd8"), "field name .* not UCS-2"),
    ],
)
def test_broken_fields_are_named(change, message):
    b = bytearray(resident_block())
    change(b)
    with pytest.raises(TextBlockError, match=message):
        decode_text_block(bytes(b))


def test_wrong_block_size_is_typed():
    with pytest.raises(TextBlockError, match="255 bytes"):
        document_type_of(bytes(255))


def test_encoder_refuses_what_a_card_cannot_carry(samples):
    too_long = Identity(
        name="名" * 16,
        id_number="370481198506121230",
        document_type=DocumentType.RESIDENT_ID,
        sex="1",
        nation="汉",
        birth_date=date(1985, 6, 12),
        valid_from=date(2015, 3, 1),
        valid_long_term=True,
    )
    with pytest.raises(TextBlockError, match="field name: 16 characters, at most 15"):
        encode_text_block(too_long)
    typed = Identity(name="张伟", id_number="x", document_type=DocumentType.TYPED)
    with pytest.raises(TextBlockError, match="no SAM text block layout"):
        encode_text_block(typed)


@given(st.binary(min_size=256, max_size=256))
def test_random_blocks_decode_or_fail_typed(block):
    try:
        decode_text_block(block)
    except TextBlockError:
        pass


@given(st.data())
def test_mutated_sample_blocks_decode_or_fail_typed(samples, data):
    sample = data.draw(
        st.sampled_from([s for s in samples if s.document_type is not DocumentType.SOCIAL_SECURITY_CARD])
    )
    block = bytearray(encode_text_block(sample))
    for _ in range(data.draw(st.integers(1, 8))):
        block[data.draw(st.integers(0, 255))] = data.draw(st.integers(0, 255))
    try:
        identity = decode_text_block(bytes(block))
    except TextBlockError:
        return
    assert (
        identity.id_number_valid == (idnumber.problem(identity.id_number) is None)
        or identity.document_type is DocumentType.FOREIGN_PERMANENT_2017
    )


def _text(max_size: int) -> st.SearchStrategy[str]:
    alphabet = st.characters(min_codepoint=0x21, max_codepoint=0xFFFD, exclude_categories=("Cs", "Cc"))
    return st.text(alphabet, max_size=max_size).filter(lambda s: s == s.strip(" \0"))


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def identities(draw) -> Identity:
    doc = draw(
        st.sampled_from(
            [
                DocumentType.RESIDENT_ID,
                DocumentType.HMT_RESIDENCE_PERMIT,
                DocumentType.FOREIGN_PERMANENT_2017,
                DocumentType.FOREIGN_PERMANENT_2023,
            ]
        )
    )
    long_term = draw(st.booleans())
    identity = Identity(
        name=draw(_text(15)),
        id_number=draw(_text(15 if doc is DocumentType.FOREIGN_PERMANENT_2017 else 18)),
        document_type=doc,
        sex=draw(st.sampled_from("0129")),
        birth_date=draw(dates),
        issuer=draw(_text(4 if doc is DocumentType.FOREIGN_PERMANENT_2017 else 15)),
        valid_from=draw(dates),
        valid_to=None if long_term else draw(dates),
        valid_long_term=long_term,
    )
    if doc is DocumentType.RESIDENT_ID:
        code = draw(st.sampled_from(sorted(NATIONS)))
        identity.nation, identity.extra["nation_code"] = NATIONS[code], code
    if doc in (DocumentType.RESIDENT_ID, DocumentType.HMT_RESIDENCE_PERMIT):
        identity.address = draw(_text(35))
    if doc is DocumentType.HMT_RESIDENCE_PERMIT:
        identity.extra.update(pass_number=draw(_text(9)), issue_count=draw(_text(2)))
    if doc is DocumentType.FOREIGN_PERMANENT_2017:
        identity.english_name, identity.nation = draw(_text(60)), draw(_text(3))
        identity.extra["card_version"] = draw(_text(2))
    if doc is DocumentType.FOREIGN_PERMANENT_2023:
        identity.english_name, identity.nation = draw(_text(46)), draw(_text(3))
        identity.extra["renewal_count"] = draw(_text(2))
    return identity


@given(identities())
def test_encode_decode_round_trip(identity):
    decoded = decode_text_block(encode_text_block(identity))
    identity.id_number_valid = decoded.id_number_valid
    assert decoded == identity

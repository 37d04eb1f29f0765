"""Social security card (社保卡) over ISO 7816 APDUs: application select, TLV records, PIN verify.

Everything here works on a ``transmit(apdu) -> (data, sw)`` function, so the same code runs against
a PC/SC reader (:mod:`devices.idcard.pcsc`) and in tests. Facts in shared/reference/devices.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from devices import idnumber
from devices.errors import DeviceError, ProtocolError, UnsupportedMedia
from devices.idcard.nations import nation_name
from devices.identity import DocumentType, Identity

Transmit = Callable[[bytes], tuple[bytes, int]]
"""Send one APDU, return the response data and the status word (``0x9000`` …)."""

AID = b"sx1.sh." + "社会保障".encode("gbk")
SELECT_APP = bytes([0x00, 0xA4, 0x04, 0x00, len(AID)]) + AID
SELECT_EF05 = bytes.fromhex("00A4020002EF05")
SELECT_EF06 = bytes.fromhex("00A4020002EF06")
READ_CARD_NUMBER = bytes.fromhex("00B2072C0B")
SW_OK = 0x9000
SW_SECURITY = 0x6982
SW_PIN_BLOCKED = 0x6983
SW_FILE_NOT_FOUND = 0x6A82
SW_RECORD_NOT_FOUND = 0x6A83
SW_UNKNOWN_INS = 0x6D00

TAG_CARD_ID_CODE = 0x01
TAG_CARD_NUMBER = 0x07
TAG_SSN = 0x08
TAG_NAME = 0x09
TAG_SEX = 0x0A
TAG_NATION = 0x0B
TAG_BIRTH = 0x0D

UNSUPPORTED = "不支持的卡，请使用社保卡 / unsupported card: this is not a social security card"


class CardDataError(ProtocolError):
    """A record from the card is malformed (TLV, text, date); names the record."""

    def __init__(self, message: str) -> None:
        super().__init__(message, device="idcard")


class CardStatusError(DeviceError):
    """The card answered an unexpected status word to a command."""

    def __init__(self, what: str, sw: int) -> None:
        super().__init__(f"{what}: card answered {sw:04X}", device="idcard")
        self.sw = sw


class PinRequired(DeviceError):
    """The card protects its holder data with a PIN; the UI must ask for it."""

    def __init__(self) -> None:
        super().__init__("请输入社保卡密码 / this card needs its PIN", device="idcard")


class PinRejected(DeviceError):
    """The PIN was wrong; ``tries_left`` attempts remain before the card blocks it."""

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"密码错误，还可尝试 {tries_left} 次 / wrong PIN, {tries_left} tries left", device="idcard")
        self.tries_left = tries_left


class PinBlocked(DeviceError):
    """The card's PIN is blocked; only the issuing office can unblock it."""

    def __init__(self) -> None:
        super().__init__(
            "密码已锁定，请到社保窗口办理 / PIN blocked, please go to the social security desk", device="idcard"
        )


MAX_GET_RESPONSE = 64
"""GET RESPONSE rounds one command may need (a record is at most a few KiB: 64 × 256 bytes is plenty)."""
MAX_RESPONSE_BYTES = 65536


def exchange(transmit: Transmit, apdu: bytes) -> tuple[bytes, int]:
    """Send ``apdu`` handling T=0 replies: ``6Cxx`` (resend with Le=xx) and ``61xx`` (GET RESPONSE)."""
    data, sw = transmit(apdu)
    if sw >> 8 == 0x6C:
        data, sw = transmit(apdu[:-1] + bytes([sw & 0xFF]))
    rounds = 0
    while sw >> 8 == 0x61:
        rounds += 1
        if rounds > MAX_GET_RESPONSE or len(data) > MAX_RESPONSE_BYTES:
            raise ProtocolError(
                "卡片应答异常，请重新插卡 / the card keeps answering 61xx (more data): card fault", device="idcard"
            )
        more, sw = transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
        data += more
    return data, sw


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One TLV item (1-byte tag, BER length)."""
    size = len(value)
    if size < 0x80:
        head = bytes([size])
    elif size < 0x100:
        head = bytes([0x81, size])
    else:
        head = bytes([0x82]) + size.to_bytes(2, "big")
    return bytes([tag]) + head + value


def parse_tlv(data: bytes) -> dict[int, bytes]:
    """The items of a TLV record (1-byte tags, BER lengths); trailing ``00``/``FF`` padding is ignored."""
    items: dict[int, bytes] = {}
    pos = 0
    while pos < len(data) and data[pos] not in (0x00, 0xFF):
        tag = data[pos]
        if pos + 1 >= len(data):
            raise CardDataError(f"TLV tag {tag:02X} has no length")
        size, pos = data[pos + 1], pos + 2
        if size & 0x80:
            count = size & 0x7F
            if count not in (1, 2) or pos + count > len(data):
                raise CardDataError(f"TLV tag {tag:02X} has a bad length field")
            size, pos = int.from_bytes(data[pos : pos + count], "big"), pos + count
        if pos + size > len(data):
            raise CardDataError(f"TLV tag {tag:02X} announces {size} bytes, {len(data) - pos} present")
        items[tag] = data[pos : pos + size]
        pos += size
    return items


def _text(value: bytes, what: str, encoding: str = "gbk") -> str:
    try:
        return value.decode(encoding).strip(" \0\uffff")
    except UnicodeDecodeError:
        raise CardDataError(f"record {what} is not {encoding.upper()} text") from None


def bcd_date(value: bytes) -> date:
    """A 4-byte BCD date ``YYYYMMDD``; :class:`CardDataError` when it is not a real date."""
    digits = value.hex()
    if len(value) != 4 or not digits.isdigit():
        raise CardDataError("birth date record is not 4 BCD bytes")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise CardDataError("birth date record is not a real date") from None


def _code(value: bytes, what: str) -> str:
    """A small code stored either as ASCII digits or as one BCD/binary byte."""
    if value and all(0x30 <= b <= 0x39 for b in value):
        return value.decode()
    if len(value) == 1:
        return value.hex() if what == "nation" else str(value[0])
    raise CardDataError(f"record {what} is neither digits nor one byte")


class InvalidPin(DeviceError):
    """A PIN that is not one of the allowed lengths of digits: refused before the card sees it (no try lost)."""

    def __init__(self, lengths: Sequence[int]) -> None:
        allowed = "/".join(str(n) for n in sorted(set(lengths)))
        super().__init__(f"社保卡密码为 {allowed} 位数字 / the PIN is {allowed} digits", device="idcard")
        self.lengths = tuple(lengths)


PIN_LENGTHS_POSSIBLE = range(4, 13)
"""What a VERIFY can carry; a hall's cards use fewer (``[devices.idcard] pin_lengths``, 6 by default)."""


def check_pin(pin: str, lengths: Sequence[int] = (6,)) -> str:
    """``pin`` when it is ASCII digits of an allowed length, else :class:`InvalidPin`."""
    allowed = [n for n in lengths if n in PIN_LENGTHS_POSSIBLE] or [6]
    if len(pin) not in allowed or not pin.isascii() or not pin.isdigit():
        raise InvalidPin(allowed)
    return pin


def pin_apdu(pin: str, lengths: Sequence[int] = tuple(PIN_LENGTHS_POSSIBLE)) -> bytes:
    """VERIFY with ``pin`` packed as BCD (``123456`` → ``12 34 56``, odd lengths padded with ``F``)."""
    check_pin(pin, lengths)
    packed = bytes.fromhex(pin + ("F" if len(pin) % 2 else ""))
    return bytes([0x00, 0x20, 0x00, 0x00, len(packed)]) + packed


def verify_pin(transmit: Transmit, pin: str) -> None:
    """Present ``pin``; :class:`PinRejected` / :class:`PinBlocked` when the card refuses it."""
    _, sw = exchange(transmit, pin_apdu(pin))
    if sw == SW_OK:
        return
    if sw >> 4 == 0x63C:
        raise PinRejected(sw & 0x0F)
    if sw == SW_PIN_BLOCKED:
        raise PinBlocked()
    raise CardStatusError("verify PIN", sw)


def select_application(transmit: Transmit) -> None:
    """Select the social security application; :class:`UnsupportedMedia` on any other card."""
    _, sw = exchange(transmit, SELECT_APP)
    if sw != SW_OK:
        raise UnsupportedMedia(f"{UNSUPPORTED} (select answered {sw:04X})", device="idcard")


def _record(transmit: Transmit, apdu: bytes, tag: int, what: str, optional: bool = False) -> bytes:
    data, sw = exchange(transmit, apdu)
    if sw == SW_SECURITY:
        raise PinRequired()
    if sw in (SW_RECORD_NOT_FOUND, SW_FILE_NOT_FOUND) and optional:
        return b""
    if sw != SW_OK:
        raise CardStatusError(f"read {what}", sw)
    items = parse_tlv(data)
    if tag not in items:
        raise CardDataError(f"record {what} lacks tag {tag:02X}")
    return items[tag]


def _select(transmit: Transmit, apdu: bytes, what: str) -> None:
    _, sw = exchange(transmit, apdu)
    if sw != SW_OK:
        raise CardStatusError(f"select {what}", sw)


def read_record_apdu(record: int) -> bytes:
    """READ RECORD ``record`` of the current file, any length."""
    return bytes([0x00, 0xB2, record, 0x04, 0x00])


def read_social_security_card(transmit: Transmit, pin: str | None = None) -> Identity:
    """Read the holder's identity; ``pin`` is verified first when given.

    Raises :class:`UnsupportedMedia` for another kind of card, :class:`PinRequired` when the card
    wants a PIN, :class:`PinRejected` / :class:`PinBlocked` for a refused one.
    """
    select_application(transmit)
    card_number = _text(
        _record(transmit, READ_CARD_NUMBER, TAG_CARD_NUMBER, "card number", True), "card number", "ascii"
    )
    _select(transmit, SELECT_EF05, "EF05")
    id_code = _text(
        _record(transmit, read_record_apdu(TAG_CARD_ID_CODE), TAG_CARD_ID_CODE, "card identification code", True),
        "card identification code",
        "ascii",
    )
    _select(transmit, SELECT_EF06, "EF06")
    if pin is not None:
        verify_pin(transmit, pin)
    ssn = _text(
        _record(transmit, read_record_apdu(TAG_SSN), TAG_SSN, "social security number"),
        "social security number",
        "ascii",
    )
    name = _text(_record(transmit, read_record_apdu(TAG_NAME), TAG_NAME, "name"), "name")
    sex = _code(_record(transmit, read_record_apdu(TAG_SEX), TAG_SEX, "sex"), "sex")
    nation_raw = _record(transmit, read_record_apdu(TAG_NATION), TAG_NATION, "nation", True)
    birth = bcd_date(_record(transmit, read_record_apdu(TAG_BIRTH), TAG_BIRTH, "birth date"))
    if sex not in ("0", "1", "2", "9"):
        raise CardDataError("record sex is not a GB/T 2261 code (0, 1, 2 or 9)")
    code = _code(nation_raw, "nation") if nation_raw else ""
    nation = nation_name(code) if code else ""
    if code and nation is None:
        raise CardDataError("record nation is not a GB/T 3304 nation code")
    extra = {"card_number": card_number, "card_id_code": id_code, "region": id_code[:6], "nation_code": code}
    return Identity(
        name=name,
        id_number=ssn,
        document_type=DocumentType.SOCIAL_SECURITY_CARD,
        sex=sex,
        nation=nation or "",
        birth_date=birth,
        id_number_valid=idnumber.problem(ssn) is None,
        extra={k: v for k, v in extra.items() if v},
    )

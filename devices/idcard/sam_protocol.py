"""SAM module commands, status words and reply layouts (facts in shared/reference/devices.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from devices.errors import DeviceError
from devices.idcard.sam_frame import BadLength, FrameError

SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)
SET_MAX_RF_FRAME = (0x61, 0xFF)

TEXT_SIZE = 256
PHOTO_SIZE = 1024


class Sw3(IntEnum):
    """The SW3 status byte of a module reply."""

    OK = 0x90
    NO_CONTENT = 0x91
    CARD_FOUND = 0x9F
    CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    BAD_COMMAND = 0x21
    UNAUTHORISED = 0x23
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_FAILED = 0x31
    SAM_AUTH_FAILED = 0x32
    VERIFY_FAILED = 0x33
    FINGERPRINT_ERROR = 0x37
    INFO_LENGTH_ERROR = 0x3F
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    FIND_FAILED = 0x80
    SELECT_FAILED = 0x81


MEANINGS: dict[Sw3, str] = {
    Sw3.OK: "成功 / ok",
    Sw3.NO_CONTENT: "无此内容 / no such content",
    Sw3.CARD_FOUND: "找到卡 / card found",
    Sw3.CHECKSUM_ERROR: "校验和错 / checksum error",
    Sw3.LENGTH_ERROR: "长度错 / length error",
    Sw3.BAD_COMMAND: "命令错 / bad command",
    Sw3.UNAUTHORISED: "越权操作 / unauthorised",
    Sw3.UNKNOWN_ERROR: "无法识别的错误 / unknown error",
    Sw3.CARD_AUTH_FAILED: "卡认证机具失败 / card-to-SAM authentication failed",
    Sw3.SAM_AUTH_FAILED: "机具认证卡失败 / SAM-to-card authentication failed",
    Sw3.VERIFY_FAILED: "信息验证错误 / information verification failed",
    Sw3.FINGERPRINT_ERROR: "指纹信息验证错误 / fingerprint error",
    Sw3.INFO_LENGTH_ERROR: "信息长度错误 / information length error",
    Sw3.UNKNOWN_CARD_TYPE: "无法识别的卡类型 / unknown card type",
    Sw3.READ_FAILED: "读卡操作失败 / read failed",
    Sw3.RANDOM_FAILED: "取随机数失败 / random number failed",
    Sw3.SAM_SELF_TEST_FAILED: "SAM自检失败 / SAM self-test failed",
    Sw3.SAM_NOT_AUTHORISED: "SAM未经授权 / SAM not authorised",
    Sw3.FIND_FAILED: "寻卡失败 / find card failed",
    Sw3.SELECT_FAILED: "选卡失败 / select card failed",
}

SAM_FAULTS = frozenset({Sw3.SAM_SELF_TEST_FAILED, Sw3.SAM_NOT_AUTHORISED})
"""Status words that mean the module itself (not the card) is broken."""


class UnknownStatus(FrameError):
    """A reply carried a status word that the protocol does not define."""


class SamStatusError(DeviceError):
    """The module answered a defined, non-success status word; ``sw3`` says which."""

    def __init__(self, sw3: Sw3, command: str) -> None:
        super().__init__(f"{command}: {MEANINGS[sw3]} (SW3 {sw3:02X})", device="idcard")
        self.sw3 = sw3

    @property
    def is_sam_fault(self) -> bool:
        """True when the SAM module itself failed (self-test, authorisation)."""
        return self.sw3 in SAM_FAULTS


def meaning(sw3: int) -> str:
    """Human meaning of an SW3 byte (bilingual); ``UnknownStatus`` for undefined values."""
    try:
        return MEANINGS[Sw3(sw3)]
    except ValueError:
        raise UnknownStatus(f"unknown status SW3 {sw3:02X}") from None


@dataclass(frozen=True, slots=True)
class Reply:
    """A module reply payload split into its status and data."""

    sw3: Sw3
    data: bytes

    def encode(self) -> bytes:
        """The payload bytes ``00 00 SW3 data`` (the simulator sends these)."""
        return bytes([0, 0, self.sw3]) + self.data


def parse_reply(payload: bytes) -> Reply:
    """Split a reply payload; typed errors for a short payload, bad SW1 SW2 or an unknown SW3."""
    if len(payload) < 3:
        raise BadLength(f"reply payload of {len(payload)} bytes is shorter than its 3 status bytes")
    if payload[0] or payload[1]:
        raise UnknownStatus(f"reply SW1 SW2 {payload[0]:02X} {payload[1]:02X}, expected 00 00")
    meaning(payload[2])
    return Reply(Sw3(payload[2]), bytes(payload[3:]))


@dataclass(frozen=True, slots=True)
class CardData:
    """What a read command returns: the 256-byte text block, the WLT photo, the fingerprint if asked."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def parse_card_data(data: bytes, with_fingerprint: bool = False) -> CardData:
    """Split a read reply's data by its length fields; ``BadLength`` when they do not add up."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise BadLength(f"read reply data of {len(data)} bytes lacks its {head}-byte length fields")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    finger_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != TEXT_SIZE:
        raise BadLength(f"text length {text_len}, expected {TEXT_SIZE}")
    if len(data) != head + text_len + photo_len + finger_len:
        raise BadLength(
            f"read reply has {len(data) - head} data bytes, its length fields announce "
            f"{text_len} + {photo_len} + {finger_len}"
        )
    text_end = head + text_len
    photo_end = text_end + photo_len
    return CardData(data[head:text_end], data[text_end:photo_end], data[photo_end:])


def encode_card_data(card: CardData, with_fingerprint: bool = False) -> bytes:
    """The inverse of :func:`parse_card_data` (used by the simulator)."""
    head = len(card.text).to_bytes(2, "big") + len(card.photo).to_bytes(2, "big")
    if with_fingerprint:
        head += len(card.fingerprint).to_bytes(2, "big")
        return head + card.text + card.photo + card.fingerprint
    return head + card.text + card.photo


SAM_ID_SIZE = 16


def format_sam_id(data: bytes) -> str:
    """The SAM id as usually shown (``05.01-20170301-000012345-000067890``) from its 16 data bytes.

    The reference counts offsets within the reply frame, whose data starts at byte 10.
    """
    if len(data) != SAM_ID_SIZE:
        raise BadLength(f"SAM id of {len(data)} bytes, expected {SAM_ID_SIZE}")
    first = int.from_bytes(data[4:8], "little")
    second = int.from_bytes(data[8:12], "little")
    third = int.from_bytes(data[12:16], "little")
    return f"{data[0]:02d}.{data[2]:02d}-{first}-{second:09d}-{third:09d}"

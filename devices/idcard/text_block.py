"""The 256-byte text block of the resident ID card and its three sibling layouts (J, I, Y).

The block is UCS-2 little-endian, space padded; byte 248 tells the layout (space or 0: resident
card, ``J``: Hong Kong/Macao/Taiwan residence permit, ``I``: foreigner permanent residence card 2017,
``Y``: its 2023 layout). Offsets are the reference's inclusive byte ranges. Decoding yields an
:class:`~devices.identity.Identity` without photo; an ID number whose check digit does not match is
reported through ``id_number_valid``, never hidden or corrected.
"""

from __future__ import annotations

import re
from datetime import date

from devices import idnumber
from devices.errors import ProtocolError
from devices.idcard.nations import nation_code, nation_name
from devices.identity import DocumentType, Identity

BLOCK_SIZE = 256
MARKER = slice(248, 250)
LONG_TERM = "长期"
SEXES = frozenset({"0", "1", "2", "9"})
"""GB/T 2261.1 codes: 0 unknown, 1 male, 2 female, 9 unspecified."""

Span = tuple[int, int]
"""Inclusive byte range within the block, as the reference writes it."""

COMMON: dict[str, Span] = {
    "name": (0, 29),
    "sex": (30, 31),
    "birth": (36, 51),
    "number": (122, 157),
    "issuer": (158, 187),
    "valid_from": (188, 203),
    "valid_to": (204, 219),
}
RESIDENT: dict[str, Span] = {**COMMON, "nation": (32, 35), "address": (52, 121)}
HMT_PERMIT: dict[str, Span] = {**COMMON, "address": (52, 121), "pass_number": (220, 237), "issue_count": (238, 241)}
FOREIGN_2017: dict[str, Span] = {
    "english_name": (0, 119),
    "sex": (120, 121),
    "number": (122, 151),
    "nationality": (152, 157),
    "name": (158, 187),
    "valid_from": (188, 203),
    "valid_to": (204, 219),
    "birth": (220, 235),
    "card_version": (236, 239),
    "issuer": (240, 247),
}
FOREIGN_2023: dict[str, Span] = {
    **COMMON,
    "renewal_count": (32, 35),
    "english_name": (52, 121),
    "english_name_more": (220, 241),
    "nationality": (242, 247),
}

LAYOUTS: dict[DocumentType, tuple[str, dict[str, Span]]] = {
    DocumentType.RESIDENT_ID: (" ", RESIDENT),
    DocumentType.HMT_RESIDENCE_PERMIT: ("J", HMT_PERMIT),
    DocumentType.FOREIGN_PERMANENT_2017: ("I", FOREIGN_2017),
    DocumentType.FOREIGN_PERMANENT_2023: ("Y", FOREIGN_2023),
}
_BY_MARKER = {marker: doc for doc, (marker, _) in LAYOUTS.items()} | {"\0": DocumentType.RESIDENT_ID}
_FOREIGN_2017_NUMBER = re.compile(r"^[A-Z]{3}[0-9]{12}$")


class TextBlockError(ProtocolError):
    """The text block cannot be decoded (or an identity cannot be encoded); names the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message, device="idcard")


def _chars(span: Span) -> int:
    return (span[1] - span[0] + 1) // 2


def _field(block: bytes, name: str, span: Span) -> str:
    raw = block[span[0] : span[1] + 1]
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise TextBlockError(f"field {name} (bytes {span[0]}-{span[1]}) is not UCS-2 text") from None
    return text.rstrip(" \0")


def _date(value: str, name: str) -> date:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise TextBlockError(f"field {name} is not a YYYYMMDD date")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise TextBlockError(f"field {name} is not a real date") from None


def document_type_of(block: bytes) -> DocumentType:
    """Which layout ``block`` uses, from its byte 248; ``TextBlockError`` for an unknown marker."""
    if len(block) != BLOCK_SIZE:
        raise TextBlockError(f"text block of {len(block)} bytes, expected {BLOCK_SIZE}")
    marker = block[MARKER]
    doc = _BY_MARKER.get(chr(marker[0])) if marker[1] == 0 else None
    if doc is None:
        raise TextBlockError(f"unknown card type marker {marker.hex(' ')} at byte 248")
    return doc


def decode_text_block(block: bytes) -> Identity:
    """Decode a 256-byte text block into an :class:`Identity` (photo left empty)."""
    doc = document_type_of(block)
    _, layout = LAYOUTS[doc]
    f = {name: _field(block, name, span) for name, span in layout.items()}
    if f["sex"] not in SEXES:
        raise TextBlockError("field sex is not a GB/T 2261 code (0, 1, 2 or 9)")
    long_term = f["valid_to"] == LONG_TERM
    identity = Identity(
        name=f["name"],
        id_number=f["number"],
        document_type=doc,
        sex=f["sex"],
        birth_date=_date(f["birth"], "birth"),
        issuer=f["issuer"],
        valid_from=_date(f["valid_from"], "valid_from"),
        valid_to=None if long_term else _date(f["valid_to"], "valid_to"),
        valid_long_term=long_term,
    )
    if doc is DocumentType.RESIDENT_ID:
        name = nation_name(f["nation"])
        if name is None:
            raise TextBlockError("field nation is not a GB/T 3304 nation code")
        identity.nation = name
        identity.extra["nation_code"] = f["nation"]
    if doc in (DocumentType.RESIDENT_ID, DocumentType.HMT_RESIDENCE_PERMIT):
        identity.address = f["address"]
    if doc is DocumentType.HMT_RESIDENCE_PERMIT:
        identity.extra.update(pass_number=f["pass_number"], issue_count=f["issue_count"])
    if doc is DocumentType.FOREIGN_PERMANENT_2017:
        identity.english_name = f["english_name"]
        identity.nation = f["nationality"]
        identity.extra["card_version"] = f["card_version"]
        identity.id_number_valid = bool(_FOREIGN_2017_NUMBER.match(f["number"]))
    else:
        identity.id_number_valid = idnumber.problem(f["number"]) is None
    if doc is DocumentType.FOREIGN_PERMANENT_2023:
        english = block[52:122] + block[220:242]
        identity.english_name = _field(english, "english_name", (0, len(english) - 1))
        identity.nation = f["nationality"]
        identity.extra["renewal_count"] = f["renewal_count"]
    return identity


def _put(block: bytearray, name: str, span: Span, value: str) -> None:
    chars = _chars(span)
    if len(value) > chars:
        raise TextBlockError(f"field {name}: {len(value)} characters, at most {chars} fit")
    try:
        raw = value.ljust(chars).encode("utf-16-le")
    except UnicodeEncodeError:
        raise TextBlockError(f"field {name}: holds characters UCS-2 cannot carry") from None
    if len(raw) != chars * 2:
        raise TextBlockError(f"field {name}: holds characters outside UCS-2 (the BMP)")
    block[span[0] : span[1] + 1] = raw


def _date_text(value: date | None, name: str) -> str:
    if value is None:
        raise TextBlockError(f"field {name}: a date is required")
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def encode_text_block(identity: Identity) -> bytes:
    """The text block a card holding ``identity`` would carry (for simulators and round-trip tests)."""
    if identity.document_type not in LAYOUTS:
        raise TextBlockError(f"{identity.document_type.value} has no SAM text block layout")
    marker, layout = LAYOUTS[identity.document_type]
    block = bytearray(" ".encode("utf-16-le") * (BLOCK_SIZE // 2))
    values = {
        "name": identity.name,
        "sex": identity.sex,
        "number": identity.id_number,
        "issuer": identity.issuer,
        "birth": _date_text(identity.birth_date, "birth"),
        "valid_from": _date_text(identity.valid_from, "valid_from"),
        "valid_to": LONG_TERM if identity.valid_long_term else _date_text(identity.valid_to, "valid_to"),
        "address": identity.address,
        "nationality": identity.nation,
        "english_name": identity.english_name,
        **identity.extra,
    }
    if "nation" in layout:
        code = identity.extra.get("nation_code") or nation_code(identity.nation)
        if code is None:
            raise TextBlockError("field nation is not a GB/T 3304 nation")
        values["nation"] = code
    if "english_name_more" in layout:
        first = _chars(layout["english_name"])
        values["english_name"], values["english_name_more"] = (
            identity.english_name[:first],
            identity.english_name[first:],
        )
    for name, span in layout.items():
        _put(block, name, span, values.get(name, ""))
    block[MARKER] = marker.encode("utf-16-le")
    return bytes(block)

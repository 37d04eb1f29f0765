"""The one identity record every ID card reader yields (resident card, permits, social security card)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum


class DocumentType(StrEnum):
    """Which physical document an identity was read from (or typed in)."""

    RESIDENT_ID = "resident_id"
    """中华人民共和国居民身份证."""
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    """港澳台居民居住证 (text block marker ``J``)."""
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"
    """外国人永久居留身份证, 2017 layout (marker ``I``)."""
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"
    """外国人永久居留身份证, 2023 layout (marker ``Y``)."""
    SOCIAL_SECURITY_CARD = "social_security_card"
    """社会保障卡 read over PC/SC."""
    TYPED = "typed"
    """ID number and name typed by the citizen (no card)."""


@dataclass(slots=True)
class Identity:
    """A citizen's identity as read from a card; personal data, kept in memory only (DESIGN.md §5)."""

    name: str
    id_number: str
    document_type: DocumentType
    sex: str = ""
    """``"1"`` male, ``"2"`` female, ``""`` unknown (GB/T 2261 codes, as on the card)."""
    nation: str = ""
    """Nation name (汉, 回, …) for resident cards; nationality code (ISO alpha-3) for foreigners."""
    birth_date: date | None = None
    address: str = ""
    issuer: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    """``None`` with ``valid_long_term`` set means 长期 (no expiry)."""
    valid_long_term: bool = False
    english_name: str = ""
    id_number_valid: bool = True
    """False when the check digit does not match: reported, not hidden."""
    photo: bytes = b""
    """Raw photo as read (WLT-compressed for ID cards); empty when the card carries none."""
    photo_image: bytes = b""
    """Decoded photo (BMP/JPEG) when a decoder plug-in is configured, else empty."""
    extra: dict[str, str] = field(default_factory=dict)
    """Layout-specific fields (pass number, issue count, card version, social security number…)."""

    def is_expired(self, today: date) -> bool:
        """True when the document's validity ended before ``today`` (长期 never expires)."""
        if self.valid_long_term or self.valid_to is None:
            return False
        return self.valid_to < today

    def wipe(self) -> None:
        """Overwrite every field so the record holds nothing personal any more."""
        for f in fields(self):
            if f.name == "document_type":
                continue
            value = getattr(self, f.name)
            if isinstance(value, str):
                setattr(self, f.name, "")
            elif isinstance(value, bytes):
                setattr(self, f.name, b"")
            elif isinstance(value, dict):
                value.clear()
            elif isinstance(value, bool):
                setattr(self, f.name, False)
            else:
                setattr(self, f.name, None)

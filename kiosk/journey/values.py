"""How the draft's values look on the review screen and in the application: pages, masks, addresses."""

from __future__ import annotations

from typing import Any

from kiosk.forms import FieldSpec, split_address
from kiosk.privacy import mask_id_number, mask_name, mask_phone


def sniff_content_type(data: bytes) -> str:
    """JPEG, PNG or PDF by magic bytes (JPEG when unknown)."""
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    return "image/jpeg"


def captured_pages(value: Any) -> list[bytes]:
    """The page bytes a material entry holds: bytes, a list of bytes, ``{"pages": [...]}`` or an object
    with ``pdf`` (an assembled material)."""
    if isinstance(value, bytes | bytearray):
        return [bytes(value)] if value else []
    if isinstance(value, dict):
        return captured_pages(value.get("pages") or value.get("pdf") or b"")
    pdf = getattr(value, "pdf", None)
    if isinstance(pdf, bytes | bytearray):
        return [bytes(pdf)]
    if isinstance(value, list | tuple):
        return [bytes(p) for p in value if isinstance(p, bytes | bytearray) and p]
    return []


def licence_field(licence: Any, name: str) -> str:
    """A field of a licence, whether it is a parsed :class:`~kiosk.sync.responses.Licence` or a dict."""
    return str(licence.get(name, "") if isinstance(licence, dict) else getattr(licence, name, ""))


def masked_value(spec: FieldSpec, value: Any) -> str:
    """How a form value shows on the review screen (personal values masked)."""
    if value is None or value == "":
        return ""
    if spec.kind == "name":
        return mask_name(str(value))
    if spec.kind == "id_number":
        return mask_id_number(str(value))
    if spec.kind == "phone":
        return mask_phone(str(value))
    if spec.kind == "address":
        parts = value if isinstance(value, dict) else split_address(str(value))
        head = "".join(str(parts.get(k, "")) for k in ("province", "city", "district"))
        return head + ("****" if parts.get("detail") else "")
    if spec.kind == "checkbox":
        return "✓" if value else "✗"
    if spec.kind == "signature":
        return "✓"
    if spec.kind == "choice":
        for choice in spec.choices:
            if choice.value == value:
                return choice.label
    if "account" in spec.name:
        text = str(value)
        return "*" * max(len(text) - 4, 0) + text[-4:]
    return str(value)


def address_text(value: Any) -> str:
    """An address dict (province, city, district, detail) as one line."""
    if isinstance(value, dict):
        return "".join(str(value.get(k, "")) for k in ("province", "city", "district", "detail"))
    return str(value or "")

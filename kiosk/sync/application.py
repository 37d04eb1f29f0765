"""What the session flow hands to the outbox when the citizen presses submit (personal data: in memory)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ALLOWED_CONTENT_TYPES = ("image/jpeg", "image/png", "application/pdf")
ROLE_MATERIAL = "material"
ROLE_SIGNATURE = "signature"
ROLE_FACE_PHOTO = "face_photo"


@dataclass(slots=True)
class MaterialInput:
    """One material: captured bytes (JPEG/PNG/PDF, as bytes or pieces) or a reused licence ``ref``."""

    name: str
    """The catalog's material name (身份证明, 户口簿 …)."""
    content_type: str = "image/jpeg"
    data: bytes | Iterable[bytes] | None = None
    licence_ref: str = ""
    role: str = ROLE_MATERIAL

    @property
    def is_licence(self) -> bool:
        """True when this material cites an electronic licence instead of carrying bytes."""
        return bool(self.licence_ref)


@dataclass(slots=True)
class Application:
    """An application ready to queue: item, applicant, form, materials, signature and delivery."""

    visit_id: str
    """Unique per journey (made when the session starts); queuing the same visit twice queues it once."""
    item_code: str
    applicant: dict[str, Any]
    form: dict[str, Any] = field(default_factory=dict)
    delivery: dict[str, Any] = field(default_factory=dict)
    materials: list[MaterialInput] = field(default_factory=list)
    signature_png: bytes = b""
    face_photo_jpeg: bytes = b""
    bundle_code: str = ""

    def all_materials(self) -> list[MaterialInput]:
        """Materials plus the signature and face photo as materials with their own roles."""
        out = list(self.materials)
        if self.signature_png:
            out.append(MaterialInput("签名", "image/png", self.signature_png, role=ROLE_SIGNATURE))
        if self.face_photo_jpeg:
            out.append(MaterialInput("人脸照片", "image/jpeg", self.face_photo_jpeg, role=ROLE_FACE_PHOTO))
        return out

    def problems(self) -> list[str]:
        """Why this application cannot be queued (empty when it can)."""
        out = []
        if not self.visit_id or len(self.visit_id) > 64:
            out.append("visit_id must be 1-64 characters")
        if not self.item_code or len(self.item_code) > 64:
            out.append("item_code must be 1-64 characters")
        if not isinstance(self.applicant, dict) or not self.applicant:
            out.append("applicant is missing")
        for i, m in enumerate(self.all_materials()):
            if m.is_licence:
                continue
            if m.data is None:
                out.append(f"material {i} ({m.name}) has neither bytes nor a licence ref")
            if m.content_type not in ALLOWED_CONTENT_TYPES:
                out.append(f"material {i} ({m.name}) has unsupported type {m.content_type!r}")
        return out

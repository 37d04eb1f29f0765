"""Shared by the sync and platform tests: sample applications and deterministic material bytes."""

from __future__ import annotations

import hashlib
import random

from devices.idnumber import check_char
from kiosk.sync.application import Application, MaterialInput

SECRET = "test-secret-123456"
KIOSK_ID = "KIOSK-T01"


def id_number(seed: int) -> str:
    """A valid resident ID number derived from ``seed``."""
    first17 = f"370481{1950 + seed % 50:04d}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
    return first17 + check_char(first17)


def material_bytes(seed: int, size: int) -> bytes:
    """Deterministic pseudo-random bytes (a stand-in for a JPEG page)."""
    return b"\xff\xd8\xff\xe0" + random.Random(seed).randbytes(size - 4)


def sha256(data: bytes) -> str:
    """Hex sha256."""
    return hashlib.sha256(data).hexdigest()


def application(
    i: int,
    *,
    sizes: tuple[int, ...] = (50_000, 30_000),
    visit: str | None = None,
    name: str = "张三",
    phone: str = "13800138000",
    id_no: str | None = None,
) -> Application:
    """Application number ``i`` with materials of ``sizes`` bytes and a signature."""
    materials = [
        MaterialInput(f"材料{k}", "image/jpeg", material_bytes(i * 100 + k, size)) for k, size in enumerate(sizes)
    ]
    materials.append(MaterialInput("户口簿", licence_ref="LIC-household_register-0123456789abcdef"))
    return Application(
        visit_id=visit or f"visit-{i}",
        item_code="MZ-001",
        applicant={"name": name, "id_number": id_no or id_number(i), "phone": phone},
        form={"reason": "办理婚姻登记记录证明", "address": "山东省滕州市龙泉路1号"},
        delivery={"method": "pickup"},
        materials=materials,
        signature_png=b"\x89PNG\r\n\x1a\n" + bytes(40),
    )

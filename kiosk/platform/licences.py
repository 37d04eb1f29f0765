"""Deterministic sample electronic licences (电子证照) for any valid ID number (reference platform only)."""

from __future__ import annotations

import hashlib
from typing import Any

from devices.idnumber import birth_date_of

LICENCE_TYPES: dict[str, tuple[str, str]] = {
    "resident_id": ("居民身份证", "公安局"),
    "household_register": ("户口簿", "公安局"),
    "marriage_cert": ("结婚证", "民政局"),
    "real_estate_cert": ("不动产权证书", "自然资源和规划局"),
    "business_license": ("营业执照", "行政审批服务局"),
    "residence_permit": ("居住证", "公安局"),
    "birth_medical_cert": ("出生医学证明", "卫生健康局"),
    "social_security_card": ("社会保障卡", "人力资源和社会保障局"),
}
_ISSUER_CITY = "滕州市"


def _held(digest: bytes) -> list[str]:
    held = ["resident_id"]
    rules = (
        ("household_register", 0, 2),
        ("marriage_cert", 1, 3),
        ("real_estate_cert", 2, 3),
        ("business_license", 3, 4),
        ("residence_permit", 4, 6),
        ("social_security_card", 5, 2),
        ("birth_medical_cert", 6, 5),
    )
    held += [kind for kind, byte, modulo in rules if digest[byte] % modulo == 0]
    return held


def sample_licences(id_number: str) -> list[dict[str, Any]]:
    """The licences the reference platform says ``id_number`` holds (same answer every time)."""
    digest = hashlib.sha256(id_number.encode("ascii")).digest()
    born = birth_date_of(id_number)
    start_year = (born.year + 18) if born else 2010
    out = []
    for n, kind in enumerate(_held(digest)):
        name, issuer = LICENCE_TYPES[kind]
        tag = hashlib.sha256(digest + kind.encode()).hexdigest()
        number = id_number if kind in ("resident_id", "social_security_card") else tag[:12].upper()
        valid_from = f"{min(start_year + n, 2024)}-0{1 + digest[n] % 9}-1{digest[n + 8] % 9}"
        valid_to = (
            ""
            if kind in ("household_register", "marriage_cert", "birth_medical_cert", "real_estate_cert")
            else f"{min(start_year + n, 2024) + 20}-12-31"
        )
        out.append(
            {
                "type": kind,
                "name": name,
                "number": number,
                "issuer": _ISSUER_CITY + issuer,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "ref": f"LIC-{kind}-{tag[:16]}",
            }
        )
    return out

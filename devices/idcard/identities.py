"""Fictitious identities for the simulators, loaded from a JSON file (a list of Identity fields).

Dates are ISO strings (``valid_to`` may be ``"长期"``), ``document_type`` is a
:class:`~devices.identity.DocumentType` value, ``extra`` a string map. Cards without a ``photo`` get
1,024 deterministic bytes standing in for the WLT photo, so a read can be checked end to end.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from devices import idnumber
from devices.errors import ConfigurationError
from devices.idcard.nations import nation_code
from devices.identity import DocumentType, Identity

SAMPLE_FILE = Path(__file__).with_name("sample_identities.json")
PHOTO_SIZE = 1024
_FIELDS = {f.name for f in fields(Identity)}


def stand_in_photo(id_number: str) -> bytes:
    """1,024 bytes derived from the ID number, standing in for a WLT photo."""
    seed = hashlib.sha256(id_number.encode()).digest()
    return (b"WLT" + seed * 32)[:PHOTO_SIZE]


def _date(value: Any, key: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigurationError(f"identities: {key} {value!r} is not an ISO date", device="idcard") from None


def identity_from_dict(data: dict[str, Any]) -> Identity:
    """One :class:`Identity` from plain data; ``ConfigurationError`` naming the bad key."""
    unknown = set(data) - _FIELDS
    if unknown:
        raise ConfigurationError(f"identities: unknown keys {sorted(unknown)}", device="idcard")
    try:
        doc = DocumentType(data["document_type"])
        values = dict(data, document_type=doc)
        long_term = values.get("valid_to") == "长期"
        values["valid_long_term"] = long_term or bool(values.get("valid_long_term"))
        values["valid_to"] = None if long_term else _date(values.get("valid_to"), "valid_to")
        for key in ("birth_date", "valid_from"):
            values[key] = _date(values.get(key), key)
        values["extra"] = {str(k): str(v) for k, v in dict(values.get("extra", {})).items()}
        values["photo"] = bytes.fromhex(values["photo"]) if values.get("photo") else b""
        identity = Identity(**values)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"identities: bad entry ({exc})", device="idcard") from None
    if doc is not DocumentType.FOREIGN_PERMANENT_2017:
        identity.id_number_valid = idnumber.problem(identity.id_number) is None
    code = nation_code(identity.nation)
    if doc is DocumentType.RESIDENT_ID and code and "nation_code" not in identity.extra:
        identity.extra["nation_code"] = code
    if not identity.photo and doc is not DocumentType.SOCIAL_SECURITY_CARD:
        identity.photo = stand_in_photo(identity.id_number)
    return identity


def load_identities(path: str | Path | None = None) -> list[Identity]:
    """The identities in ``path`` (default: the bundled fictitious samples)."""
    source = Path(path) if path else SAMPLE_FILE
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"identities file {source}: {exc}", device="idcard") from None
    if not isinstance(data, list):
        raise ConfigurationError(f"identities file {source}: expected a JSON list", device="idcard")
    return [identity_from_dict(item) for item in data]

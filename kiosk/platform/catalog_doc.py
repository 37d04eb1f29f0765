"""The catalog document the reference platform serves, and its ETag (quoted sha256 of canonical JSON)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

log = logging.getLogger(__name__)

BUILTIN_DOCUMENT: dict[str, Any] = {
    "version": "builtin-1",
    "categories": [{"code": "civil", "name": "民政婚姻", "name_en": "Civil affairs"}],
    "items": [
        {
            "code": "MZ-001",
            "name": "婚姻登记记录证明",
            "name_en": "Marriage registration record",
            "category": "civil",
            "materials": [{"name": "居民身份证", "licence_type": "resident_id"}],
            "promise_days": 3,
        }
    ],
    "bundles": [],
    "forms": {},
}


def canonical_json(document: Any) -> bytes:
    """Sorted-key, compact UTF-8 JSON: the bytes served and hashed."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    """Quoted sha256 hex of the body."""
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def load_document() -> dict[str, Any]:
    """``kiosk.catalog.sample_document()`` when the catalog package provides it, else a small built-in one."""
    try:
        from kiosk.catalog import sample_document  # lazy: the catalog package is optional here
    except ImportError:
        return BUILTIN_DOCUMENT
    try:
        document = sample_document()
    except Exception as exc:  # noqa: BLE001 - a broken sample must not take the platform down
        log.warning("catalog sample unavailable (%s); serving the built-in catalog", exc)
        return BUILTIN_DOCUMENT
    return document if isinstance(document, dict) else BUILTIN_DOCUMENT


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """True when an ``If-None-Match`` header names ``etag`` (or ``*``); weak tags compare equal."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags

"""Parse the platform's answers into small dataclasses; anything unexpected is a :class:`MalformedResponse`.

Every parser takes already-decoded JSON (``Any``) and checks each field's presence and type, so a broken
or hostile platform can never crash the kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kiosk.sync.errors import MalformedResponse


def decode_json(body: bytes) -> Any:
    """Decode a UTF-8 JSON body."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MalformedResponse(f"answer is not JSON ({type(exc).__name__})") from None


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedResponse(f"{what} is not an object")
    return value


def _str(obj: dict[str, Any], key: str, *, optional: bool = False, max_len: int = 4096) -> str:
    value = obj.get(key)
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise MalformedResponse(f"field {key!r} missing or not a string")
    if len(value) > max_len:
        raise MalformedResponse(f"field {key!r} is too long")
    return value


def _num(obj: dict[str, Any], key: str) -> float:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResponse(f"field {key!r} missing or not a number")
    return float(value)


def _int(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedResponse(f"field {key!r} missing or not an integer")
    return value


def _bool(obj: dict[str, Any], key: str) -> bool:
    value = obj.get(key)
    if not isinstance(value, bool):
        raise MalformedResponse(f"field {key!r} missing or not true/false")
    return value


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise MalformedResponse(f"field {key!r} missing or not a list")
    return value


def parse_error(body: bytes) -> tuple[str, str]:
    """``(code, message)`` of an error answer ``{"error": {"code", "message"}}``; empty when unusable."""
    try:
        err = _obj(_obj(decode_json(body), "answer").get("error"), "error")
        return _str(err, "code", max_len=200), _str(err, "message", optional=True, max_len=2000)
    except MalformedResponse:
        return "", ""


@dataclass(frozen=True, slots=True)
class CaseReceipt:
    """The platform accepted an application: its case number (办件编号), status and promised date."""

    case_no: str
    status: str
    promised_date: str
    replayed: bool = False
    """True when the platform answered an earlier identical submission (HTTP 200 instead of 201)."""


def parse_case_receipt(data: Any, replayed: bool = False) -> CaseReceipt:
    """Parse the answer to ``POST /api/v1/applications``."""
    obj = _obj(data, "answer")
    case_no = _str(obj, "case_no", max_len=64)
    if not case_no:
        raise MalformedResponse("field 'case_no' is empty")
    return CaseReceipt(
        case_no, _str(obj, "status", max_len=64), _str(obj, "promised_date", optional=True, max_len=32), replayed
    )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One step of a case's progress."""

    status: str
    at: float


@dataclass(frozen=True, slots=True)
class CaseStatus:
    """A case's current status and timeline (``GET /api/v1/cases/{case_no}``)."""

    case_no: str
    status: str
    item_code: str
    promised_date: str
    timeline: tuple[TimelineEntry, ...]


def parse_case_status(data: Any) -> CaseStatus:
    """Parse a case query answer."""
    obj = _obj(data, "answer")
    timeline = []
    for entry in _list(obj, "timeline"):
        e = _obj(entry, "timeline entry")
        timeline.append(TimelineEntry(_str(e, "status", max_len=64), _num(e, "at")))
    return CaseStatus(
        _str(obj, "case_no", max_len=64),
        _str(obj, "status", max_len=64),
        _str(obj, "item_code", optional=True, max_len=64),
        _str(obj, "promised_date", optional=True, max_len=32),
        tuple(timeline),
    )


@dataclass(frozen=True, slots=True)
class Licence:
    """An electronic licence (电子证照) of the holder; ``ref`` can be cited as a material."""

    type: str
    name: str
    number: str
    issuer: str
    valid_from: str
    valid_to: str
    ref: str


def parse_licences(data: Any) -> list[Licence]:
    """Parse ``GET /api/v1/licenses`` (``{"licenses": [...]}``)."""
    out = []
    for entry in _list(_obj(data, "answer"), "licenses"):
        e = _obj(entry, "licence")
        out.append(
            Licence(
                _str(e, "type", max_len=64),
                _str(e, "name", max_len=200),
                _str(e, "number", max_len=200),
                _str(e, "issuer", optional=True, max_len=200),
                _str(e, "valid_from", optional=True, max_len=32),
                _str(e, "valid_to", optional=True, max_len=32),
                _str(e, "ref", max_len=200),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class FaceMatch:
    """Result of face verification against the identity's registered photo."""

    match: bool
    score: float


def parse_face_match(data: Any) -> FaceMatch:
    """Parse ``POST /api/v1/identity/verify``."""
    obj = _obj(data, "answer")
    return FaceMatch(_bool(obj, "match"), _num(obj, "score"))


@dataclass(frozen=True, slots=True)
class UploadState:
    """How much of an upload the platform holds, and whether it is complete and checked."""

    received: int
    complete: bool


def parse_upload_state(data: Any) -> UploadState:
    """Parse the answer to an upload ``PUT``."""
    obj = _obj(data, "answer")
    received = _int(obj, "received")
    if received < 0:
        raise MalformedResponse("field 'received' is negative")
    return UploadState(received, _bool(obj, "complete"))


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """A queue number (取号) for a window service."""

    ticket_no: str
    window: str
    waiting: int
    item_code: str = ""


def parse_queue_ticket(data: Any) -> QueueTicket:
    """Parse ``POST /api/v1/queue/tickets``."""
    obj = _obj(data, "answer")
    return QueueTicket(
        _str(obj, "ticket_no", max_len=32),
        _str(obj, "window", optional=True, max_len=64),
        _int(obj, "waiting"),
        _str(obj, "item_code", optional=True, max_len=64),
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The platform's record of a rating (好差评)."""

    evaluation_id: str


def parse_evaluation(data: Any) -> Evaluation:
    """Parse ``POST /api/v1/evaluations``."""
    return Evaluation(_str(_obj(data, "answer"), "evaluation_id", max_len=64))


@dataclass(frozen=True, slots=True)
class HeartbeatAck:
    """The platform's answer to a heartbeat: its clock, for skew checks."""

    server_time: float


def parse_heartbeat(data: Any) -> HeartbeatAck:
    """Parse ``POST /api/v1/kiosks/{id}/heartbeat``."""
    return HeartbeatAck(_num(_obj(data, "answer"), "server_time"))


@dataclass(frozen=True, slots=True)
class CatalogFetch:
    """Result of a catalog fetch: ``not_modified`` (304) or a new ``document`` with its ``etag``."""

    not_modified: bool
    etag: str | None
    document: dict[str, Any] | None = field(default=None)


def parse_catalog(data: Any) -> dict[str, Any]:
    """The catalog document must be a JSON object; its content is the catalog package's business."""
    return _obj(data, "catalog")

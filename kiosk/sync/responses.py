"""Read the platform's answers through the contract's models (:mod:`kiosk.contract.models`) into small
dataclasses; anything unusable is a :class:`MalformedResponse`, so a broken or hostile platform can never
crash the kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.contract import models as contract
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


M = TypeVar("M", bound=BaseModel)


def read_answer(model: type[M], data: Any) -> M:  # noqa: ANN401 - decoded JSON is any JSON value
    """``data`` read as the contract's ``model``: unknown fields ignored, optional ones defaulted; anything
    else is a :class:`MalformedResponse` naming the fields (never their values: they may be personal)."""
    if not isinstance(data, dict):
        raise MalformedResponse("answer is not an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['type']}" for e in exc.errors()[:3])
        raise MalformedResponse(f"answer does not follow the contract ({where})") from None


def parse_error(body: bytes) -> tuple[str, str]:
    """``(code, message)`` of an error answer ``{"error": {"code", "message"}}``; empty when unusable."""
    try:
        err = _obj(_obj(decode_json(body), "answer").get("error"), "error")
    except MalformedResponse:
        return "", ""
    code, message = err.get("code"), err.get("message")
    return (
        code[:200] if isinstance(code, str) else "",
        message[:2000] if isinstance(message, str) else "",
    )


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
    answer = read_answer(contract.CaseCreated, data)
    return CaseReceipt(answer.case_no, answer.status, answer.promised_date, replayed)


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
    return _case_status(read_answer(contract.CaseOut, data))


def _case_status(answer: contract.CaseOut) -> CaseStatus:
    timeline = tuple(TimelineEntry(e.status, e.at) for e in answer.timeline)
    return CaseStatus(answer.case_no, answer.status, answer.item_code, answer.promised_date, timeline)


def parse_cases(data: Any) -> list[CaseStatus]:
    """Parse ``GET /api/v1/cases?holder=…`` (``{"cases": [...]}``)."""
    return [_case_status(c) for c in read_answer(contract.CasesOut, data).cases]


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
    return [
        Licence(e.type, e.name, e.number, e.issuer, e.valid_from, e.valid_to, e.ref)
        for e in read_answer(contract.LicencesOut, data).licenses
    ]


@dataclass(frozen=True, slots=True)
class FaceMatch:
    """Result of face verification against the identity's registered photo."""

    match: bool
    score: float


def parse_face_match(data: Any) -> FaceMatch:
    """Parse ``POST /api/v1/identity/verify``."""
    answer = read_answer(contract.VerifyOut, data)
    return FaceMatch(answer.match, answer.score)


@dataclass(frozen=True, slots=True)
class UploadState:
    """How much of an upload the platform holds (``Upload-Offset``), and whether that is all of it."""

    received: int
    complete: bool


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """A queue number (取号) for a window service."""

    ticket_no: str
    window: str
    waiting: int
    item_code: str = ""


def parse_queue_ticket(data: Any) -> QueueTicket:
    """Parse ``POST /api/v1/queue/tickets``."""
    answer = read_answer(contract.TicketOut, data)
    return QueueTicket(answer.ticket_no, answer.window, answer.waiting, answer.item_code)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The platform's record of a rating (好差评)."""

    evaluation_id: str


def parse_evaluation(data: Any) -> Evaluation:
    """Parse ``POST /api/v1/evaluations``."""
    return Evaluation(read_answer(contract.EvaluationOut, data).evaluation_id)


@dataclass(frozen=True, slots=True)
class HeartbeatAck:
    """The platform's answer to a heartbeat: its clock when it said (``server_time`` is optional)."""

    server_time: float | None


def parse_heartbeat(data: Any) -> HeartbeatAck:
    """Parse ``POST /api/v1/kiosks/{id}/heartbeat``; an empty body (204) is a heartbeat without a clock."""
    if data is None:
        return HeartbeatAck(None)
    return HeartbeatAck(read_answer(contract.HeartbeatOut, data).server_time)


@dataclass(frozen=True, slots=True)
class CatalogFetch:
    """Result of a catalog fetch: ``not_modified`` (304) or a new ``document`` with its ``etag``."""

    not_modified: bool
    etag: str | None
    document: dict[str, Any] | None = field(default=None)


def parse_catalog(data: Any) -> dict[str, Any]:
    """The catalog document must be a JSON object; its content is the catalog package's business."""
    return _obj(data, "catalog")

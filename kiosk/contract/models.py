"""Request and answer bodies of the platform API v1 (DESIGN.md §4.1): the one contract of the kiosk's client
(``kiosk.sync``) and the reference platform (``kiosk.platform``); the OpenAPI document is made from them.

Answers are read leniently: unknown fields are ignored and the fields §4.1 leaves optional have defaults,
so a platform written by someone else that follows §4.1 is understood.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from kiosk.contract.timestamps import Timestamp
from kiosk.contract.uploads import UPLOAD_ID_PATTERN


class ErrorBody(BaseModel):
    """The error object."""

    code: str
    message: str


class ErrorAnswer(BaseModel):
    """Every error answer."""

    error: ErrorBody


class MaterialRef(BaseModel):
    """A material of an application: a licence reference or an uploaded file."""

    name: str = Field(min_length=1, max_length=100)
    licence_ref: str | None = Field(None, max_length=200)
    upload_id: str | None = Field(None, pattern=UPLOAD_ID_PATTERN)
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    size: int | None = Field(None, ge=1)
    content_type: str | None = None


class Applicant(BaseModel):
    """The applicant (extra fields allowed: phone, address …)."""

    model_config = {"extra": "allow"}
    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=32)


class ApplicationIn(BaseModel):
    """Body of ``POST /api/v1/applications``."""

    item_code: str = Field(min_length=1, max_length=64)
    bundle_code: str | None = Field(None, max_length=64)
    local_ref: str | None = Field(None, max_length=64)
    kiosk_id: str | None = Field(None, max_length=64)
    visit_id: str | None = Field(None, max_length=64)
    applicant: Applicant
    form: dict[str, Any] = Field(default_factory=dict)
    delivery: dict[str, Any] = Field(default_factory=dict)
    materials: list[MaterialRef] = Field(default_factory=list, max_length=100)
    signature_upload_id: str | None = Field(None, pattern=UPLOAD_ID_PATTERN)
    face_photo_upload_id: str | None = Field(None, pattern=UPLOAD_ID_PATTERN)


class CaseCreated(BaseModel):
    """Answer to an accepted application."""

    case_no: str = Field(min_length=1, max_length=64)
    status: str = Field(max_length=64)
    promised_date: str = Field("", max_length=32, description="YYYY-MM-DD")


class TimelineEntry(BaseModel):
    """One step of a case."""

    status: str = Field(max_length=64)
    at: Timestamp


class CaseOut(BaseModel):
    """A case's status and timeline; ``status`` one of received accepted in_review approved rejected delivered."""

    case_no: str = Field(max_length=64)
    status: str = Field(max_length=64)
    item_code: str = Field("", max_length=64)
    promised_date: str = Field("", max_length=32, description="YYYY-MM-DD")
    timeline: list[TimelineEntry]


class CasesOut(BaseModel):
    """A card holder's cases, newest first."""

    cases: list[CaseOut]


class LicenceOut(BaseModel):
    """An electronic licence; ``ref`` can be cited as a material."""

    type: str = Field(max_length=64)
    name: str = Field(max_length=200)
    number: str = Field(max_length=200)
    issuer: str = Field("", max_length=200)
    valid_from: str = Field("", max_length=32)
    valid_to: str = Field("", max_length=32)
    ref: str = Field(max_length=200)


class LicencesOut(BaseModel):
    """The holder's licences."""

    licenses: list[LicenceOut]


class VerifyIn(BaseModel):
    """Face photo (base64 JPEG/PNG) and the identity it should match."""

    photo: str = Field(min_length=4, max_length=8 << 20)
    id_number: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)


class VerifyOut(BaseModel):
    """Face verification result."""

    match: bool
    score: float


class UploadOut(BaseModel):
    """An upload's progress (an optional JSON body of a PUT answer: the ``Upload-Offset`` header is what counts)."""

    upload_id: str
    offset: int = Field(ge=0)
    length: int = Field(ge=0)
    complete: bool


class EvaluationIn(BaseModel):
    """A rating (好差评): level 1 非常不满意 … 5 非常满意."""

    case_no: str | None = Field(None, max_length=64)
    visit_id: str | None = Field(None, max_length=64)
    level: int = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=20)
    comment: str = Field("", max_length=500)


class EvaluationOut(BaseModel):
    """The stored rating's id."""

    evaluation_id: str = Field(max_length=64)


class TicketIn(BaseModel):
    """A queue ticket request."""

    item_code: str = Field(min_length=1, max_length=64)
    window: str | None = Field(None, max_length=64)


class TicketOut(BaseModel):
    """A queue ticket."""

    ticket_no: str = Field(max_length=32)
    window: str = Field("", max_length=64)
    waiting: int = Field(ge=0)
    item_code: str = Field("", max_length=64)


class HeartbeatIn(BaseModel):
    """A kiosk's health report (only the first four fields are required by API v1; the rest are optional)."""

    devices: dict[str, str] = Field(default_factory=dict, description="device kind → ready/busy/degraded/offline")
    outbox_depth: int = Field(0, ge=0, description="applications not yet delivered")
    app_version: str = Field("", max_length=64)
    uptime_s: float = Field(0, ge=0)
    device_reasons: dict[str, str] = Field(default_factory=dict, description="device kind → why not ready")
    paper: str | None = Field(None, max_length=16, description="printer paper: ok / near_end / out / unknown")
    outbox_failed: int = Field(0, ge=0, description="applications that failed permanently")
    outbox_oldest_age_s: float | None = Field(None, ge=0, description="age of the oldest undelivered item")
    free_disk_bytes: int | None = Field(None, ge=0, description="free space under the kiosk's data directory")
    last_error: str = Field("", max_length=500, description="the last error the kiosk logged (masked)")
    measured_at: float | None = Field(None, description="kiosk clock (unix s) when the report was taken")
    queued: int = Field(0, ge=0, description="reports still waiting on the kiosk after this one")
    clock_offset_s: float | None = Field(None, description="platform clock minus the kiosk's, as the kiosk measured")
    clock_corrected: bool = Field(False, description="the kiosk signs with the platform's time: its clock drifted")


class KioskHealthOut(BaseModel):
    """A kiosk's latest health report as the platform stored it."""

    kiosk_id: str
    last_seen: Timestamp = Field(description="platform clock when the latest report arrived")
    reports_received: int = Field(description="heartbeats received from this kiosk so far")
    report: HeartbeatIn


class HeartbeatOut(BaseModel):
    """The platform's clock, for skew checks (the whole body is optional: any 2xx is success)."""

    server_time: Timestamp | None = None

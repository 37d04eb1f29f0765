"""The reference platform as a FastAPI application (OpenAPI at ``/openapi.json``, docs at ``/docs``).

Layers, outermost first: :class:`FaultInjector` → :class:`SignatureGuard` → FastAPI routes.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from devices.idnumber import is_valid as id_number_is_valid
from kiosk.contract.models import (
    ApplicationIn,
    CaseCreated,
    CaseOut,
    CasesOut,
    ErrorAnswer,
    EvaluationIn,
    EvaluationOut,
    HeartbeatIn,
    HeartbeatOut,
    KioskHealthOut,
    LicenceOut,
    LicencesOut,
    TicketIn,
    TicketOut,
    UploadOut,
    VerifyIn,
    VerifyOut,
)
from kiosk.contract.uploads import CONTENT_RANGE, CONTENT_SHA256, UPLOAD_ID_PATTERN, UPLOAD_LENGTH, UPLOAD_OFFSET
from kiosk.platform import catalog_doc
from kiosk.platform.auth import SignatureGuard
from kiosk.platform.config import ServerConfig
from kiosk.platform.faults import FaultInjector
from kiosk.platform.help import add_help_routes
from kiosk.platform.licences import sample_licences
from kiosk.platform.store import PlatformStore, UploadProblem
from kiosk.sync.signing import body_digest

ALLOWED_UPLOAD_TYPES = ("image/jpeg", "image/png", "application/pdf")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UPLOAD_ID = UPLOAD_ID_PATTERN


class ApiError(Exception):
    """An error answer ``{"error": {"code", "message"}}`` with a status and optional headers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def _kiosk(request: Request) -> str:
    return request.scope.get("state", {}).get("kiosk_id", "")


def _signed_headers(
    x_kiosk_id: Annotated[str, Header(description="Kiosk id")] = "",
    x_timestamp: Annotated[str, Header(description="Unix seconds")] = "",
    x_nonce: Annotated[str, Header(description="Random, never reused")] = "",
    x_signature: Annotated[str, Header(description="hex HMAC-SHA256 (DESIGN.md §4)")] = "",
) -> None:
    """Documents the signature headers in OpenAPI; the checking is done by :class:`SignatureGuard`."""


ERRORS: dict[int | str, dict[str, Any]] = {s: {"model": ErrorAnswer} for s in (400, 401, 403, 404, 409, 413, 429, 503)}


def create_app(config: ServerConfig, clock: Callable[[], float] = time.time) -> Any:
    """The whole reference platform as an ASGI app; ``.store``, ``.faults`` and ``.api`` are exposed."""
    store = PlatformStore(config.db_path)
    api = FastAPI(
        title="Reference service platform (API v1)",
        version="1.0",
        description="Reference implementation of the kiosk ↔ platform contract (DESIGN.md §4).",
    )
    from fastapi import Depends

    signed = [Depends(_signed_headers)]

    @api.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": {"code": exc.code, "message": exc.message}}, exc.status, exc.headers)

    @api.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        where = ["/".join(str(p) for p in e.get("loc", ())) + ": " + str(e.get("msg", "")) for e in exc.errors()[:5]]
        return JSONResponse({"error": {"code": "invalid_request", "message": "; ".join(where)}}, 400)

    @api.get("/api/v1/catalog", dependencies=signed, responses=ERRORS)
    def catalog(if_none_match: Annotated[str | None, Header()] = None) -> Response:
        """Items, bundles, categories and forms; ``ETag`` / ``If-None-Match`` → 304."""
        body = catalog_doc.canonical_json(catalog_doc.load_document())
        etag = catalog_doc.etag_of(body)
        if catalog_doc.etag_matches(if_none_match, etag):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type="application/json", headers={"ETag": etag})

    @api.get("/api/v1/licenses", dependencies=signed, responses=ERRORS)
    def licences(holder: Annotated[str, Query(max_length=32)]) -> LicencesOut:
        """The holder's electronic licences."""
        if not id_number_is_valid(holder):
            raise ApiError(400, "invalid_holder", "holder is not a valid ID number")
        return LicencesOut(licenses=[LicenceOut(**lic) for lic in sample_licences(holder.upper())])

    @api.post("/api/v1/identity/verify", dependencies=signed, responses=ERRORS)
    def verify_identity(body: VerifyIn) -> VerifyOut:
        """Compare a face photo with the identity's registered photo (reference: any readable photo matches,
        except for the ID numbers configured to rehearse a mismatch)."""
        if not id_number_is_valid(body.id_number):
            raise ApiError(400, "invalid_id_number", "id_number is not a valid ID number")
        try:
            photo = base64.b64decode(body.photo, validate=True)
            from PIL import Image

            with Image.open(io.BytesIO(photo)) as img:
                img.verify()
        except (binascii.Error, ValueError, OSError):
            raise ApiError(400, "photo_unreadable", "photo is not a base64 JPEG or PNG") from None
        spread = int(body_digest(photo)[:2], 16) / 255
        if body.id_number.upper() in config.face_mismatch_ids:
            return VerifyOut(match=False, score=round(0.2 + spread * 0.2, 3))
        return VerifyOut(match=True, score=round(0.9 + spread * 0.09, 3))

    @api.post(
        "/api/v1/applications",
        dependencies=signed,
        status_code=201,
        responses={**ERRORS, 200: {"model": CaseCreated, "description": "the same key and body again"}},
    )
    async def submit(
        request: Request, body: ApplicationIn, idempotency_key: Annotated[str, Header(min_length=8, max_length=64)]
    ) -> Response:
        """Create a case; the same ``Idempotency-Key`` and body again → 200 with the same answer; other body → 409."""
        if not id_number_is_valid(body.applicant.id_number):
            raise ApiError(400, "invalid_id_number", "applicant.id_number is not a valid ID number")
        uploads = []
        refs = [(m.upload_id, m.sha256) for m in body.materials if m.upload_id]
        refs += [(u, None) for u in (body.signature_upload_id, body.face_photo_upload_id) if u]
        for upload_id, sha in refs:
            rec = store.upload(upload_id)
            if rec is None or not rec.complete or (sha is not None and sha != rec.sha256):
                raise ApiError(400, "material_missing", f"upload {upload_id} is not complete on the platform")
            uploads.append({"upload_id": upload_id, "sha256": rec.sha256, "size": rec.total})
        for m in body.materials:
            if not m.upload_id and not m.licence_ref:
                raise ApiError(400, "invalid_material", f"material {m.name!r} has neither upload_id nor licence_ref")
        raw = await request.body()
        app_data = {
            "item_code": body.item_code,
            "local_ref": body.local_ref,
            "visit_id": body.visit_id,
            "applicant": body.applicant.model_dump(),
            "uploads": uploads,
        }
        answer = store.create_case(
            _kiosk(request), idempotency_key, body_digest(raw), app_data, config.promise_days, clock()
        )
        return JSONResponse(answer.body, answer.status)

    offset_headers = {
        UPLOAD_OFFSET: {"description": "bytes the platform holds", "schema": {"type": "integer"}},
        UPLOAD_LENGTH: {"description": "the whole file's size", "schema": {"type": "integer"}},
    }

    @api.head(
        "/api/v1/uploads/{upload_id}",
        dependencies=signed,
        responses={**ERRORS, 200: {"description": "what arrived", "headers": offset_headers}},
    )
    def upload_head(upload_id: Annotated[str, Path(pattern=_UPLOAD_ID)]) -> Response:
        """How much of an upload arrived (``Upload-Offset``) of how much (``Upload-Length``); 404 when nothing."""
        rec = store.upload(upload_id)
        if rec is None:
            raise ApiError(404, "unknown_upload", "no such upload")
        return Response(status_code=200, headers={UPLOAD_OFFSET: str(rec.received), UPLOAD_LENGTH: str(rec.total)})

    @api.put(
        "/api/v1/uploads/{upload_id}",
        dependencies=signed,
        responses={
            **ERRORS,
            200: {"model": UploadOut, "description": "bytes stored (body optional)", "headers": offset_headers},
            409: {"model": ErrorAnswer, "description": "start is not the offset", "headers": offset_headers},
            460: {"model": ErrorAnswer, "description": "checksum_mismatch (some servers use 400)"},
        },
    )
    async def upload_put(
        request: Request,
        upload_id: Annotated[str, Path(pattern=_UPLOAD_ID)],
        x_content_sha256: Annotated[str, Header(alias=CONTENT_SHA256)],
        content_range: Annotated[str, Header()] = "",
        content_type: Annotated[str, Header()] = "",
    ) -> Response:
        """Bytes of a material: ``Content-Range: bytes A-B/TOTAL`` (or none: the whole file), the whole file's
        sha256 in ``X-Content-SHA256``. A start other than the server's offset is 409 with ``Upload-Offset``;
        a complete file whose sha256 differs is discarded: 400 ``checksum_mismatch``."""
        chunk = await request.body()
        if content_range.strip():
            match = CONTENT_RANGE.match(content_range.strip())
            if match is None:
                raise ApiError(400, "bad_range", "Content-Range must be 'bytes START-END/TOTAL'")
            start, end, total = (int(g) for g in match.groups())
        else:
            start, end, total = 0, len(chunk) - 1, len(chunk)
        if content_type.split(";")[0].strip() not in ALLOWED_UPLOAD_TYPES:
            raise ApiError(400, "bad_content_type", f"allowed: {', '.join(ALLOWED_UPLOAD_TYPES)}")
        if not _SHA256.match(x_content_sha256.lower()):
            raise ApiError(400, "bad_sha256", f"{CONTENT_SHA256} must be 64 hex digits")
        if total > config.max_upload_bytes:
            raise ApiError(413, "too_large", f"a material may have at most {config.max_upload_bytes} bytes")
        if total <= 0 or end < start or end >= total or len(chunk) != end - start + 1:
            raise ApiError(400, "bad_range", "Content-Range does not match the body")
        try:
            rec = store.put_chunk(
                _kiosk(request),
                upload_id,
                start,
                total,
                x_content_sha256.lower(),
                content_type.split(";")[0].strip(),
                chunk,
                clock(),
            )
        except UploadProblem as exc:
            headers = {UPLOAD_OFFSET: str(exc.received)} if exc.received is not None else None
            raise ApiError(exc.status, exc.code, exc.message, headers) from None
        body = UploadOut(upload_id=upload_id, offset=rec.received, length=rec.total, complete=rec.complete)
        return JSONResponse(body.model_dump(), 200, {UPLOAD_OFFSET: str(rec.received), UPLOAD_LENGTH: str(rec.total)})

    @api.get("/api/v1/cases/{case_no}", dependencies=signed, responses=ERRORS)
    def case(case_no: Annotated[str, Path(max_length=64)]) -> CaseOut:
        """Status and timeline (received, accepted, in_review, approved/rejected, delivered); an offline
        receipt's local reference finds its case too."""
        found = store.case(case_no, config.case_step_s, clock())
        if found is None:
            raise ApiError(404, "unknown_case", "no such case")
        return CaseOut(**found)

    @api.get("/api/v1/cases", dependencies=signed, responses=ERRORS)
    def cases_of_holder(holder: Annotated[str, Query(max_length=32)]) -> CasesOut:
        """A card holder's cases (newest first, at most 20) with their timelines: "place your ID card to see
        all my cases"."""
        if not id_number_is_valid(holder):
            raise ApiError(400, "invalid_holder", "holder is not a valid ID number")
        return CasesOut(cases=[CaseOut(**c) for c in store.cases_of_holder(holder, config.case_step_s, clock())])

    @api.post("/api/v1/evaluations", dependencies=signed, status_code=201, responses=ERRORS)
    def evaluate(request: Request, body: EvaluationIn) -> EvaluationOut:
        """A rating (好差评) of a case or a visit."""
        if not body.case_no and not body.visit_id:
            raise ApiError(400, "invalid_request", "case_no or visit_id is required")
        if body.case_no and not store.has_case(body.case_no):
            raise ApiError(404, "unknown_case", "no such case")
        evaluation_id = store.add_evaluation(
            _kiosk(request), body.case_no, body.visit_id, body.level, body.reasons, body.comment, clock()
        )
        return EvaluationOut(evaluation_id=evaluation_id)

    @api.post("/api/v1/queue/tickets", dependencies=signed, status_code=201, responses=ERRORS)
    def ticket(body: TicketIn) -> TicketOut:
        """A queue number for a window service."""
        window = body.window or "综合受理窗口"
        seq, waiting = store.issue_ticket(body.item_code, window, clock())
        return TicketOut(ticket_no=f"A{seq:03d}", window=window, waiting=waiting, item_code=body.item_code)

    @api.post("/api/v1/kiosks/{kiosk_id}/heartbeat", dependencies=signed, responses=ERRORS)
    def heartbeat(request: Request, kiosk_id: str, body: HeartbeatIn) -> HeartbeatOut:
        """Device statuses, outbox depth, version and uptime; answers the platform's clock."""
        if kiosk_id != _kiosk(request):
            raise ApiError(400, "kiosk_mismatch", "path kiosk id differs from X-Kiosk-Id")
        store.heartbeat(kiosk_id, body.model_dump(), clock())
        return HeartbeatOut(server_time=clock())

    @api.get("/api/v1/kiosks/{kiosk_id}", dependencies=signed, responses=ERRORS)
    def kiosk_health(request: Request, kiosk_id: Annotated[str, Path(max_length=64)]) -> KioskHealthOut:
        """The kiosk's own latest health report (devices, paper, outbox, version, uptime, disk, last error);
        another kiosk's is 403."""
        if kiosk_id != _kiosk(request):
            raise ApiError(403, "forbidden", "a kiosk may read only its own health")
        found = store.kiosk_health(kiosk_id)
        if found is None:
            raise ApiError(404, "unknown_kiosk", "no heartbeat from this kiosk yet")
        return KioskHealthOut(**found)

    @api.post("/api/v1/admin/cases/{case_no}/advance", dependencies=signed, responses=ERRORS)
    def advance(case_no: str) -> dict[str, str]:
        """Rehearsal: move a case one step on its timeline now."""
        status = store.advance(case_no, clock())
        if status is None:
            raise ApiError(404, "unknown_case", "no such case")
        return {"case_no": case_no, "status": status}

    help_desk = add_help_routes(api, signed, _kiosk, clock, ERRORS)

    guarded = SignatureGuard(
        api,
        secret=config.secret_of,
        store=store,
        max_skew_s=config.max_skew_s,
        max_body_bytes=config.max_body_bytes,
        clock=clock,
    )
    outer = FaultInjector(guarded, config.faults)
    outer.store = store  # type: ignore[attr-defined]
    outer.api = api  # type: ignore[attr-defined]
    outer.help_desk = help_desk  # type: ignore[attr-defined]
    return outer

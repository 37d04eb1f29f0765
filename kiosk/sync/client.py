"""Signed HTTP client of the platform API v1 (DESIGN.md §4) on one ``requests`` session.

Every call is signed (:mod:`kiosk.sync.signing`), bounded by connect/read timeouts and a maximum answer
size, and turns every failure into a typed :mod:`kiosk.sync.errors` error. Uploads go in chunks with
``Content-Range`` and resume from what ``HEAD`` says arrived.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests
import urllib3

from kiosk.contract.uploads import UPLOAD_OFFSET
from kiosk.sync.client_uploads import UploadCalls
from kiosk.sync.clock_offset import ClockOffset
from kiosk.sync.errors import (
    MalformedResponse,
    PlatformAuthError,
    PlatformConflict,
    PlatformUnreachable,
    error_for_status,
)
from kiosk.sync.responses import (
    CaseReceipt,
    CaseStatus,
    CatalogFetch,
    Evaluation,
    FaceMatch,
    HeartbeatAck,
    Licence,
    QueueTicket,
    decode_json,
    parse_case_receipt,
    parse_case_status,
    parse_catalog,
    parse_error,
    parse_evaluation,
    parse_face_match,
    parse_heartbeat,
    parse_licences,
    parse_queue_ticket,
)
from kiosk.sync.signing import sign_request

DEFAULT_MAX_RESPONSE_BYTES = 8 << 20
DEFAULT_CHUNK_BYTES = 4 << 20
HEADER_IDEMPOTENCY = "Idempotency-Key"
_HOLDER = re.compile(r"(holder=)[^&\s\"]+")


class _RedactHolder(logging.Filter):
    """urllib3 logs request lines at DEBUG; the licence lookup carries an ID number in its query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                _HOLDER.sub(r"\1***", a) if isinstance(a, str) else a
                for a in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_RedactHolder())


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP date); ``None`` if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), 86400.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, min(when.timestamp() - (time.time() if now is None else now), 86400.0))


@dataclass(frozen=True, slots=True)
class Answer:
    """A raw successful answer: status, headers and body bytes."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON (:class:`MalformedResponse`, with this answer's status, when it is not)."""
        try:
            return decode_json(self.body)
        except MalformedResponse as exc:
            raise MalformedResponse(exc.message, status=self.status) from None


class PlatformClient(UploadCalls):
    """The kiosk's side of the platform API; one instance per kiosk, safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        secret: str,
        *,
        ca_bundle: str | Path | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._secret = secret
        self._verify: bool | str = str(ca_bundle) if ca_bundle else True
        self._timeout = (connect_timeout, read_timeout)
        self._max_response = max_response_bytes
        self.chunk_bytes = chunk_bytes
        self._clock = clock
        self.offset = ClockOffset()
        """The platform's clock minus ours, measured from every answer's ``Date``; signing is corrected by it."""
        self._session = requests.Session()
        self._session.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    @classmethod
    def from_settings(cls, settings: Any) -> PlatformClient:
        """A client configured from :class:`kiosk.settings.KioskSettings`."""
        p = settings.platform
        return cls(
            p.base_url,
            settings.kiosk.id,
            p.secret,
            ca_bundle=p.ca_bundle,
            connect_timeout=p.connect_timeout_s,
            read_timeout=p.read_timeout_s,
            max_response_bytes=p.max_response_kib * 1024,
            chunk_bytes=p.upload_chunk_kib * 1024,
        )

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    # -- transport -------------------------------------------------------------------------------------

    def _read_body(self, resp: requests.Response) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_response:
            raise MalformedResponse(f"answer too large ({declared} bytes)", status=resp.status_code)
        out = bytearray()
        while True:
            piece = resp.raw.read(65536, decode_content=True)
            if not piece:
                return bytes(out)
            out += piece
            if len(out) > self._max_response:
                raise MalformedResponse("answer too large", status=resp.status_code)

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (),
    ) -> Answer:
        """Send one signed request; return the answer when its status is 2xx or in ``ok`` (e.g. 304), else
        raise typed. A 401 ``stale_timestamp`` is sent once more with the clock corrected by that answer."""
        try:
            return self._send(method, path, query, body, headers, ok)
        except PlatformAuthError as exc:
            if exc.code != "stale_timestamp" or not self.offset.corrects:
                raise
            return self._send(method, path, query, body, headers, ok)

    def now(self) -> float:
        """Our clock corrected by the measured offset: what the platform's clock says now."""
        return self._clock() + self.offset.correction_s

    def _send(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None,
        body: bytes,
        headers: Mapping[str, str] | None,
        ok: tuple[int, ...],
    ) -> Answer:
        url = self.base_url + path + (("?" + urlencode(query)) if query else "")
        request = requests.Request(method, url, data=body if body else None, headers=dict(headers or {}))
        prepared = self._session.prepare_request(request)
        prepared.headers.update(
            sign_request(self.kiosk_id, self._secret, method, prepared.path_url, body, self.now()).as_dict()
        )
        sent_at = self._clock()
        try:
            resp = self._session.send(
                prepared, stream=True, timeout=self._timeout, verify=self._verify, allow_redirects=False
            )
        except requests.Timeout as exc:
            raise PlatformUnreachable(f"timed out ({type(exc).__name__})") from None
        except requests.exceptions.SSLError as exc:
            raise PlatformUnreachable(f"TLS verification failed: {exc}") from None
        except requests.RequestException as exc:
            raise PlatformUnreachable(f"connection failed ({type(exc).__name__})") from None
        try:
            content = b"" if method == "HEAD" else self._read_body(resp)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise PlatformUnreachable(f"connection dropped while reading ({type(exc).__name__})") from None
        finally:
            resp.close()
        self.offset.observe(resp.headers.get("Date"), sent_at, self._clock())
        if 200 <= resp.status_code < 300 or resp.status_code in ok:
            return Answer(resp.status_code, resp.headers, content)
        code, message = parse_error(content)
        error = error_for_status(
            resp.status_code, code, message, parse_retry_after(resp.headers.get("Retry-After"), self._clock())
        )
        offset = resp.headers.get(UPLOAD_OFFSET, "").strip()
        if isinstance(error, PlatformConflict) and offset.isascii() and offset.isdigit():
            error.upload_offset = int(offset)
        raise error

    def _json_call(
        self,
        method: str,
        path: str,
        payload: Any,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        return self.call(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})

    # -- API calls ---------------------------------------------------------------------------------------

    def fetch_catalog(self, etag: str | None) -> CatalogFetch:
        """``GET /api/v1/catalog`` with ``If-None-Match``; ``not_modified`` when the platform says 304."""
        answer = self.call("GET", "/api/v1/catalog", headers={"If-None-Match": etag} if etag else None, ok=(304,))
        if answer.status == 304:
            return CatalogFetch(True, etag, None)
        return CatalogFetch(False, answer.headers.get("ETag"), parse_catalog(answer.json()))

    def licences(self, holder_id_number: str) -> list[Licence]:
        """The holder's electronic licences."""
        return parse_licences(self.call("GET", "/api/v1/licenses", query={"holder": holder_id_number}).json())

    def verify_face(self, photo: bytes, id_number: str, name: str) -> FaceMatch:
        """Compare a face photo with the identity's registered photo."""
        payload = {"photo": base64.b64encode(photo).decode("ascii"), "id_number": id_number, "name": name}
        return parse_face_match(self._json_call("POST", "/api/v1/identity/verify", payload).json())

    def submit_application(self, idempotency_key: str, body: bytes) -> CaseReceipt:
        """``POST /api/v1/applications`` with the exact body bytes (the same bytes on every retry)."""
        answer = self.call(
            "POST",
            "/api/v1/applications",
            body=body,
            headers={"Content-Type": "application/json", HEADER_IDEMPOTENCY: idempotency_key},
        )
        return parse_case_receipt(answer.json(), replayed=answer.status == 200)

    def case(self, case_no: str) -> CaseStatus:
        """Status and timeline of a case."""
        return parse_case_status(self.call("GET", f"/api/v1/cases/{quote(case_no, safe='')}").json())

    def evaluate(
        self, level: int, *, case_no: str = "", visit_id: str = "", reasons: Iterable[str] = (), comment: str = ""
    ) -> Evaluation:
        """Send a rating (好差评) of a case or a visit, level 1 (非常不满意) … 5 (非常满意)."""
        payload = {
            "case_no": case_no or None,
            "visit_id": visit_id or None,
            "level": level,
            "reasons": list(reasons),
            "comment": comment,
        }
        return parse_evaluation(self._json_call("POST", "/api/v1/evaluations", payload).json())

    def queue_ticket(self, item_code: str, window: str = "") -> QueueTicket:
        """A queue number for a window service."""
        payload = {"item_code": item_code, "window": window or None}
        return parse_queue_ticket(self._json_call("POST", "/api/v1/queue/tickets", payload).json())

    def heartbeat(
        self, devices: Mapping[str, str], outbox_depth: int, app_version: str, uptime_s: float
    ) -> HeartbeatAck:
        """Report device statuses and outbox depth; the answer carries the platform's clock."""
        payload = {
            "devices": dict(devices),
            "outbox_depth": outbox_depth,
            "app_version": app_version,
            "uptime_s": round(uptime_s, 1),
        }
        path = f"/api/v1/kiosks/{quote(self.kiosk_id, safe='')}/heartbeat"
        answer = self._json_call("POST", path, payload)
        ack = parse_heartbeat(answer.json() if answer.body.strip() else None)
        if ack.server_time is not None:
            self.offset.observe_exact(ack.server_time, self._clock())
        return ack

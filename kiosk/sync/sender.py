"""Deliver one outbox item: upload its materials resumably, then post the application once.

The application body is built deterministically (sorted keys) from the sealed payload, so every retry
sends the very same bytes with the same idempotency key: a platform that stored it but whose answer was
lost answers the retry with the same case number instead of creating a second case.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from kiosk.errors import StorageError
from kiosk.privacy import mask_text
from kiosk.sync.application import ROLE_FACE_PHOTO, ROLE_SIGNATURE
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import MalformedResponse, PlatformAuthError, PlatformCallError, PlatformTooLarge
from kiosk.sync.outbox import FAILED, PENDING, SENT, Envelope, Outbox, StoredMaterial
from kiosk.sync.reencode import shrink_image

log = logging.getLogger(__name__)

MAX_REENCODES = 3
RETRYABLE_CODES = frozenset({"checksum_mismatch", "offset_mismatch"})
MAX_MALFORMED_IN_A_ROW = 3
"""A platform answering nonsense this many times in a row for an item: failed, for a technician."""


def applicant_names(env: Envelope) -> list[str]:
    """The names in an application (applicant and any other ``*name`` field of it), to mask in echoes."""
    applicant = env.payload.get("applicant", {})
    found = (
        [v for k, v in applicant.items() if "name" in k and isinstance(v, str)] if isinstance(applicant, dict) else []
    )
    form = env.payload.get("form", {})
    if isinstance(form, dict):
        found += [v for k, v in form.items() if "name" in k and isinstance(v, str)]
    return found


def request_body(env: Envelope, kiosk_id: str) -> bytes:
    """The exact ``POST /api/v1/applications`` body for an item (same bytes on every retry)."""
    uploads = {m.idx: m for m in env.materials}
    materials: list[dict[str, Any]] = []
    body: dict[str, Any] = {
        "item_code": env.item_code,
        "bundle_code": env.payload.get("bundle_code") or None,
        "local_ref": env.local_ref,
        "kiosk_id": kiosk_id,
        "visit_id": env.visit_id,
        "applicant": env.payload.get("applicant", {}),
        "form": env.payload.get("form", {}),
        "delivery": env.payload.get("delivery", {}),
        "materials": materials,
        "signature_upload_id": None,
        "face_photo_upload_id": None,
    }
    for spec in env.payload.get("materials", []):
        if spec.get("licence_ref"):
            materials.append({"name": spec["name"], "licence_ref": spec["licence_ref"]})
            continue
        m = uploads[spec["idx"]]
        if m.role == ROLE_SIGNATURE:
            body["signature_upload_id"] = m.upload_id
        elif m.role == ROLE_FACE_PHOTO:
            body["face_photo_upload_id"] = m.upload_id
        else:
            materials.append(
                {
                    "name": spec["name"],
                    "upload_id": m.upload_id,
                    "sha256": m.sha256,
                    "size": m.size,
                    "content_type": m.content_type,
                }
            )
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Delivery:
    """What happened to one item: new ``state``, the case number when sent, the reason otherwise."""

    item_id: str
    local_ref: str
    state: str
    case_no: str = ""
    promised_date: str = ""
    reason: str = ""
    delay_s: float = 0.0
    status: int | None = None
    auth_problem: bool = False


class Sender:
    """Sends claimed items with a :class:`PlatformClient` and records the outcome in the outbox."""

    def __init__(self, outbox: Outbox, client: PlatformClient, policy: RetryPolicy | None = None) -> None:
        self.outbox = outbox
        self.client = client
        self.policy = policy or RetryPolicy()
        self.last_success_at = float("-inf")
        """Monotonic time of the last request the platform answered with success (upload or application)."""

    def _succeeded(self) -> None:
        self.last_success_at = time.monotonic()

    def platform_answering(self) -> bool:
        """True when the platform answered a request with success within the policy's healthy window (in
        this process, or, after a restart, as the outbox remembers)."""
        if time.monotonic() - self.last_success_at <= self.policy.healthy_window_s:
            return True
        last = self.outbox.last_progress_at()
        return last is not None and self.outbox.now() - last <= self.policy.healthy_window_s

    def _upload(self, env: Envelope, m: StoredMaterial, probe: bool) -> StoredMaterial:
        """Upload one material, re-encoding it smaller when the platform says 413."""
        while True:
            try:
                self.client.upload(
                    m.upload_id,
                    m.size,
                    m.sha256,
                    m.content_type,
                    partial(self.outbox.read_material, env.id, m),
                    probe=probe,
                )
                self._succeeded()
                self.outbox.mark_uploaded(env.id, m.idx)
                return replace(m, uploaded=True)
            except PlatformTooLarge:
                if m.reencoded >= MAX_REENCODES:
                    raise
                smaller = shrink_image(b"".join(self.outbox.read_material(env.id, m)), m.content_type)
                if smaller is None:
                    raise
                old = m.size
                m = self.outbox.replace_material(env.id, m.idx, smaller, m.content_type)
                probe = False  # a new upload id: nothing of it can be on the platform yet
                self.outbox.note(env.id, "reencoded", f"material {m.idx}: {old} -> {m.size} bytes")

    def deliver(self, item_id: str) -> Delivery:
        """Try to deliver one item (already claimed as ``sending``); never raises for platform trouble."""
        try:
            env = self.outbox.envelope(item_id)
        except StorageError as exc:
            self.outbox.mark_failed(item_id, f"cannot open stored application: {exc}")
            return Delivery(item_id, "", FAILED, reason=mask_text(str(exc)))
        entry = self.outbox.find(item_id)
        tried_before = entry is None or entry.attempts > 0
        try:
            # A file of one chunk is simply sent again: a platform that holds it already answers 409 with its
            # Upload-Offset (§4.1), and a HEAD first would be one more request that can fail.
            materials = [
                m if m.uploaded else self._upload(env, m, tried_before and m.size > self.client.chunk_bytes)
                for m in env.materials
            ]
            env = Envelope(
                env.id, env.local_ref, env.idempotency_key, env.item_code, env.visit_id, env.payload, tuple(materials)
            )
            receipt = self.client.submit_application(env.idempotency_key, request_body(env, self.client.kiosk_id))
        except PlatformCallError as exc:
            return self._after_error(item_id, env, exc)
        except StorageError as exc:
            self.outbox.mark_failed(item_id, f"stored material unusable: {exc}")
            log.error("outbox: %s has unusable stored data: %s", env.local_ref, exc)
            return Delivery(item_id, env.local_ref, FAILED, reason=mask_text(str(exc)))
        self._succeeded()
        self.outbox.mark_sent(item_id, receipt)
        log.info("outbox: %s delivered as case %s", env.local_ref, receipt.case_no)
        return Delivery(item_id, env.local_ref, SENT, case_no=receipt.case_no, promised_date=receipt.promised_date)

    def _after_error(self, item_id: str, env: Envelope, exc: PlatformCallError) -> Delivery:
        """Retry later (backoff on this item's failures since its last progress, or the platform's
        ``Retry-After``), or fail the item for a technician; the reason is masked before it is kept."""
        reason = mask_text(str(exc), applicant_names(env))
        malformed = isinstance(exc, MalformedResponse)
        if malformed and self.outbox.failures_in_a_row(item_id, exc.code) + 1 >= MAX_MALFORMED_IN_A_ROW:
            reason = f"{reason} ({MAX_MALFORMED_IN_A_ROW} malformed answers in a row)"
            self.outbox.mark_failed(item_id, reason, status=exc.status, code=exc.code)
            log.warning("outbox: %s failed: %s", env.local_ref, reason)
            return Delivery(item_id, env.local_ref, FAILED, reason=reason, status=exc.status)
        if exc.transient or exc.code in RETRYABLE_CODES:
            failures = self.outbox.failures_in_a_row(item_id) + 1
            delay = self.policy.delay(failures, exc.retry_after, self.platform_answering())
            self.outbox.mark_retry(item_id, delay, reason, status=exc.status, code=exc.code)
            log.info("outbox: %s not delivered (%s: %s); retry in %.1f s", env.local_ref, exc.label, reason, delay)
            return Delivery(
                item_id,
                env.local_ref,
                PENDING,
                reason=reason,
                delay_s=delay,
                status=exc.status,
                auth_problem=isinstance(exc, PlatformAuthError),
            )
        self.outbox.mark_failed(item_id, reason, status=exc.status, code=exc.code)
        log.warning("outbox: %s failed permanently: %s", env.local_ref, reason)
        return Delivery(item_id, env.local_ref, FAILED, reason=reason, status=exc.status)

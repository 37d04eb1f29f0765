"""ASGI middleware checking every ``/api/`` request's signature, timestamp and nonce (DESIGN.md §4).

It reads the body once (refusing more than the configured maximum with 413), verifies, then replays
the body to the application and records the authenticated kiosk id in ``scope["state"]["kiosk_id"]``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from kiosk.platform.store import PlatformStore
from kiosk.sync.signing import body_digest, path_with_query, verify

_KIOSK_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
"""ASCII digits only: ``str.isdigit`` would take ``²³`` and crash ``int()``."""


async def send_error(
    send: Any, status: int, code: str, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send an ``{"error": {...}}`` answer from ASGI code."""
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class SignatureGuard:
    """Reject unsigned, badly signed, stale or replayed requests with 401 before the API sees them."""

    def __init__(
        self,
        app: Any,
        *,
        secret: Callable[[str], str | None],
        store: PlatformStore,
        max_skew_s: int,
        max_body_bytes: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.secret = secret
        self.store = store
        self.max_skew_s = max_skew_s
        self.max_body_bytes = max_body_bytes
        self.clock = clock

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point."""
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await send_error(
                send, 413, "too_large", f"request body over {self.max_body_bytes} bytes", [(b"connection", b"close")]
            )
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await send_error(
                    send,
                    413,
                    "too_large",
                    f"request body over {self.max_body_bytes} bytes",
                    [(b"connection", b"close")],
                )
                return
            if not message.get("more_body", False):
                break
        problem = self._check(scope, headers, bytes(body))
        if problem is not None:
            await send_error(send, 401, problem[0], problem[1])
            return
        scope.setdefault("state", {})["kiosk_id"] = headers["x-kiosk-id"]
        delivered = False

        async def replay() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _check(self, scope: dict[str, Any], headers: dict[str, str], body: bytes) -> tuple[str, str] | None:
        kiosk_id = headers.get("x-kiosk-id", "")
        timestamp = headers.get("x-timestamp", "")
        nonce = headers.get("x-nonce", "")
        given = headers.get("x-signature", "")
        if not (kiosk_id and timestamp and nonce and given):
            return "unsigned", "X-Kiosk-Id, X-Timestamp, X-Nonce and X-Signature are required"
        if not _TIMESTAMP.fullmatch(timestamp):
            return "bad_timestamp", "X-Timestamp must be unix seconds in ASCII digits"
        secret = self.secret(kiosk_id) if _KIOSK_ID.match(kiosk_id) else None
        if secret is None:
            return "unknown_kiosk", "this kiosk id is not registered"
        now = self.clock()
        if abs(now - int(timestamp)) > self.max_skew_s:
            return "stale_timestamp", f"timestamp differs from platform time by more than {self.max_skew_s} s"
        if not _NONCE.match(nonce):
            return "bad_nonce", "X-Nonce must be 8-128 letters, digits, - or _"
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        path_query = path_with_query(raw_path.decode("latin-1"), scope.get("query_string", b"").decode("latin-1"))
        if not verify(secret, scope["method"], path_query, timestamp, nonce, body_digest(body), given):
            return "bad_signature", "signature does not match (check the kiosk secret)"
        if not self.store.remember_nonce(kiosk_id, nonce, now, self.max_skew_s):
            return "replayed_nonce", "this nonce was already used"
        return None

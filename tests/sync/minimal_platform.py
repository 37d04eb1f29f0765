"""An independently written platform that follows DESIGN.md §4.1 and nothing else: tus header names only,
460 for a checksum mismatch, no JSON body on PUT, 204 heartbeats, answers with extra fields and without the
optional ones, RFC 3339 timestamps. The client must interoperate with it as with our reference server.

Faults of its own: ``errors`` (share of requests answered 500, 503 or 429 with ``Retry-After: 0``) and
``lost`` (share of requests processed, then the connection closed without an answer)."""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


class MinimalPlatform:
    """A small §4.1 server on a free loopback port; ``cases`` maps Idempotency-Key → case answer."""

    def __init__(self, errors: float = 0.0, lost: float = 0.0, seed: int = 1) -> None:
        self.errors, self.lost = errors, lost
        self.rng = random.Random(seed)
        self.injected: dict[str, int] = {}
        self.uploads: dict[str, bytearray] = {}
        self.lengths: dict[str, int] = {}
        self.cases: dict[str, dict[str, object]] = {}
        self.bodies: dict[str, bytes] = {}
        self.heartbeats = 0
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            lose_answer = False

            def _reply(self, status: int, body: dict[str, object] | None = None, **headers: str) -> None:
                if self.lose_answer:
                    self.close_connection = True  # processed, but the client never hears
                    return
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k.replace("_", "-"), v)
                self.send_header("Content-Length", str(len(data)))
                if data:
                    self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, code: str, **headers: str) -> None:
                self._reply(status, {"error": {"code": code, "message": code.replace("_", " ")}}, **headers)

            def _fault(self) -> bool:
                """Answer an injected error (True), or decide whether this answer is lost."""
                with owner.lock:
                    roll = owner.rng.random()
                    status = owner.rng.choice((500, 503, 429)) if roll < owner.errors else 0
                    self.lose_answer = not status and roll < owner.errors + owner.lost
                    kind = str(status) if status else "lost" if self.lose_answer else ""
                    if kind:
                        owner.injected[kind] = owner.injected.get(kind, 0) + 1
                if status:
                    self.send_response(status)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                return bool(status)

            def do_HEAD(self) -> None:
                if self._fault():
                    return
                upload_id = self.path.rsplit("/", 1)[-1]
                with owner.lock:
                    if upload_id not in owner.uploads:
                        return self._reply(404)
                    got, total = len(owner.uploads[upload_id]), owner.lengths[upload_id]
                self._reply(200, Upload_Offset=str(got), Upload_Length=str(total))

            def do_PUT(self) -> None:
                upload_id = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self._fault():
                    return
                match = RANGE.match(self.headers.get("Content-Range", ""))
                start, total = (int(match.group(1)), int(match.group(3))) if match else (0, len(body))
                with owner.lock:
                    have = owner.uploads.setdefault(upload_id, bytearray())
                    owner.lengths[upload_id] = total
                    if start != len(have):
                        return self._error(409, "offset_mismatch", Upload_Offset=str(len(have)))
                    have += body
                    if len(have) == total and hashlib.sha256(have).hexdigest() != self.headers["X-Content-SHA256"]:
                        del owner.uploads[upload_id]
                        return self._error(460, "checksum_mismatch")
                    offset = len(have)
                self._reply(204, Upload_Offset=str(offset))  # no JSON body: optional in §4.1

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self._fault():
                    return
                if self.path.endswith("/heartbeat"):
                    owner.heartbeats += 1
                    return self._reply(204)
                key = self.headers.get("Idempotency-Key", "")
                with owner.lock:
                    if key in owner.cases:
                        if owner.bodies[key] != body:
                            return self._error(409, "idempotency_conflict")
                        return self._reply(200, owner.cases[key])
                    for m in json.loads(body).get("materials", []):
                        if m.get("upload_id") and len(owner.uploads.get(m["upload_id"], b"")) != m["size"]:
                            return self._error(400, "material_missing")
                    case = {"case_no": f"MIN{len(owner.cases) + 1:05d}", "status": "received", "province": "x"}
                    owner.cases[key], owner.bodies[key] = case, body  # no promised_date: optional
                self._reply(201, case)

            def do_GET(self) -> None:
                self.lose_answer = False
                self._reply(
                    200,
                    {
                        "case_no": "MIN00001",
                        "status": "accepted",
                        "timeline": [{"status": "received", "at": "2026-11-24T09:30:00+08:00", "by": "staff"}],
                    },
                )

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()

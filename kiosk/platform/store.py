"""SQLite persistence of the reference platform: nonces, idempotency, cases, uploads, ratings, tickets.

The reference platform keeps no applicant data in clear: a case records the item, the masked applicant,
the body's sha256 and the materials' upload ids and hashes; a keyed hash of the applicant's ID number
(salt kept in the database) lets the kiosk list a card holder's cases. Uploaded bytes are kept as files (to check
sha256 and to resume), under ``uploads/`` next to the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.contract.uploads import CHECKSUM_MISMATCH
from kiosk.platform.store_desk import DeskRecords
from kiosk.platform.timeline import RECEIVED, TERMINAL, next_status, promised_date
from kiosk.privacy import mask_id_number, mask_name

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nonces (kiosk_id TEXT, nonce TEXT, at REAL, PRIMARY KEY (kiosk_id, nonce));
CREATE TABLE IF NOT EXISTS idempotency (kiosk_id TEXT, key TEXT, body_sha256 TEXT, status INTEGER,
    answer TEXT, at REAL, PRIMARY KEY (kiosk_id, key));
CREATE TABLE IF NOT EXISTS cases (case_no TEXT PRIMARY KEY, kiosk_id TEXT, item_code TEXT, local_ref TEXT,
    visit_id TEXT, applicant_masked TEXT, body_sha256 TEXT, created_at REAL, promised_date TEXT);
CREATE TABLE IF NOT EXISTS case_events (case_no TEXT, status TEXT, at REAL);
CREATE INDEX IF NOT EXISTS case_events_no ON case_events(case_no);
CREATE TABLE IF NOT EXISTS case_materials (case_no TEXT, upload_id TEXT, sha256 TEXT, size INTEGER);
CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, kiosk_id TEXT, total INTEGER,
    received INTEGER, sha256 TEXT, content_type TEXT, complete INTEGER, created_at REAL);
CREATE TABLE IF NOT EXISTS evaluations (id TEXT PRIMARY KEY, kiosk_id TEXT, case_no TEXT, visit_id TEXT,
    level INTEGER, reasons TEXT, comment TEXT, at REAL);
CREATE TABLE IF NOT EXISTS tickets (day TEXT, seq INTEGER, item_code TEXT, window TEXT, at REAL);
CREATE TABLE IF NOT EXISTS heartbeats (kiosk_id TEXT PRIMARY KEY, at REAL, report TEXT);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER);
CREATE TABLE IF NOT EXISTS case_holders (case_no TEXT PRIMARY KEY, holder_key TEXT);
CREATE INDEX IF NOT EXISTS case_holders_key ON case_holders(holder_key);
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value BLOB);
"""


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer kept for an idempotency key."""

    status: int
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """An upload's progress."""

    upload_id: str
    total: int
    received: int
    sha256: str
    content_type: str
    complete: bool


class UploadProblem(Exception):
    """An upload request that cannot be applied: ``status``, ``code``, ``message``."""

    def __init__(self, status: int, code: str, message: str, received: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.received = status, code, message, received


class PlatformStore(DeskRecords):
    """The reference platform's database; one connection guarded by a lock (calls are short)."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.uploads_dir = self.path.parent / "uploads"
        self.uploads_dir.mkdir(exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._holder_salt = self._secret("holder_salt")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _secret(self, name: str) -> bytes:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO secrets(name, value) VALUES (?, ?)", (name, os.urandom(32)))
            return bytes(self._db.execute("SELECT value FROM secrets WHERE name=?", (name,)).fetchone()[0])

    def holder_key(self, id_number: str) -> str:
        """A keyed hash of an ID number: finds a holder's cases without keeping the number in clear."""
        return hmac.new(
            self._holder_salt, id_number.strip().upper().encode("ascii", "replace"), hashlib.sha256
        ).hexdigest()

    def _next(self, db: sqlite3.Connection, name: str) -> int:
        db.execute("INSERT INTO counters(name, value) VALUES (?, 0) ON CONFLICT(name) DO NOTHING", (name,))
        db.execute("UPDATE counters SET value = value + 1 WHERE name = ?", (name,))
        return int(db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0])

    # -- replay protection ----------------------------------------------------------------------------------

    def remember_nonce(self, kiosk_id: str, nonce: str, now: float, window_s: float) -> bool:
        """Record a nonce; False when it was already seen within the window (a replay)."""
        with self._tx() as db:
            db.execute("DELETE FROM nonces WHERE at < ?", (now - 2 * window_s,))
            cur = db.execute("INSERT OR IGNORE INTO nonces(kiosk_id, nonce, at) VALUES (?,?,?)", (kiosk_id, nonce, now))
        return cur.rowcount == 1

    # -- applications ---------------------------------------------------------------------------------------

    def create_case(
        self, kiosk_id: str, key: str, body_sha256: str, app: dict[str, Any], promise_days: int, now: float
    ) -> StoredAnswer:
        """Create a case for an idempotency key, or answer the stored result (409 for another body)."""
        with self._tx() as db:
            row = db.execute(
                "SELECT body_sha256, status, answer FROM idempotency WHERE kiosk_id=? AND key=?", (kiosk_id, key)
            ).fetchone()
            if row is not None:
                if row["body_sha256"] != body_sha256:
                    return StoredAnswer(
                        409,
                        {
                            "error": {
                                "code": "idempotency_conflict",
                                "message": "this Idempotency-Key was used with a different body",
                            }
                        },
                    )
                return StoredAnswer(200, json.loads(row["answer"]))
            day = time.strftime("%Y%m%d", time.localtime(now))
            case_no = f"SQ{day}{self._next(db, 'case:' + day):06d}"
            promised = promised_date(date.fromtimestamp(now), promise_days).isoformat()
            applicant = app.get("applicant", {})
            masked = json.dumps(
                {
                    "name": mask_name(str(applicant.get("name", ""))),
                    "id_number": mask_id_number(str(applicant.get("id_number", ""))),
                },
                ensure_ascii=False,
            )
            db.execute(
                "INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    case_no,
                    kiosk_id,
                    app["item_code"],
                    app.get("local_ref"),
                    app.get("visit_id"),
                    masked,
                    body_sha256,
                    now,
                    promised,
                ),
            )
            db.execute("INSERT INTO case_events VALUES (?,?,?)", (case_no, RECEIVED, now))
            if applicant.get("id_number"):
                db.execute(
                    "INSERT INTO case_holders VALUES (?,?)", (case_no, self.holder_key(str(applicant["id_number"])))
                )
            for m in app.get("uploads", []):
                db.execute(
                    "INSERT INTO case_materials VALUES (?,?,?,?)", (case_no, m["upload_id"], m["sha256"], m["size"])
                )
            answer = {"case_no": case_no, "status": RECEIVED, "promised_date": promised}
            db.execute(
                "INSERT INTO idempotency VALUES (?,?,?,?,?,?)",
                (kiosk_id, key, body_sha256, 201, json.dumps(answer), now),
            )
        return StoredAnswer(201, answer)

    def case(self, case_no: str, step_s: float, now: float) -> dict[str, Any] | None:
        """A case (by case number, or by the local reference of an offline receipt) with its timeline,
        advancing it first by the schedule (every ``step_s``; 0 = never)."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM cases WHERE case_no=?", (case_no,)).fetchone()
            if row is None:
                row = db.execute(
                    "SELECT * FROM cases WHERE local_ref=? ORDER BY created_at DESC LIMIT 1", (case_no,)
                ).fetchone()
            if row is None:
                return None
            case_no = row["case_no"]
            events = [
                (r["status"], r["at"])
                for r in db.execute("SELECT status, at FROM case_events WHERE case_no=? ORDER BY rowid", (case_no,))
            ]
            while step_s > 0 and events[-1][0] not in TERMINAL and now >= events[-1][1] + step_s:
                status, at = next_status(case_no, events[-1][0]), events[-1][1] + step_s
                if status is None:
                    break
                db.execute("INSERT INTO case_events VALUES (?,?,?)", (case_no, status, at))
                events.append((status, at))
        return {
            "case_no": case_no,
            "status": events[-1][0],
            "item_code": row["item_code"],
            "promised_date": row["promised_date"],
            "timeline": [{"status": s, "at": a} for s, a in events],
        }

    def cases_of_holder(self, id_number: str, step_s: float, now: float, limit: int = 20) -> list[dict[str, Any]]:
        """The holder's cases, newest first, each with its timeline (as :meth:`case`)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.case_no FROM cases c JOIN case_holders h ON h.case_no = c.case_no "
                "WHERE h.holder_key = ? ORDER BY c.created_at DESC LIMIT ?",
                (self.holder_key(id_number), limit),
            ).fetchall()
        found = (self.case(r[0], step_s, now) for r in rows)
        return [c for c in found if c is not None]

    def advance(self, case_no: str, now: float) -> str | None:
        """Move a case one step on (admin call); returns the new status, ``None`` for an unknown case."""
        with self._tx() as db:
            last = db.execute(
                "SELECT status FROM case_events WHERE case_no=? ORDER BY rowid DESC LIMIT 1", (case_no,)
            ).fetchone()
            if last is None:
                return None
            status = next_status(case_no, last[0])
            if status is None:
                return last[0]
            db.execute("INSERT INTO case_events VALUES (?,?,?)", (case_no, status, now))
            return status

    def cases(self) -> list[dict[str, Any]]:
        """Every case with its materials (for tests and technicians)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM cases ORDER BY created_at").fetchall()
            mats = self._db.execute("SELECT * FROM case_materials").fetchall()
        by_case: dict[str, list[dict[str, Any]]] = {}
        for m in mats:
            by_case.setdefault(m["case_no"], []).append(dict(m))
        return [{**dict(r), "materials": by_case.get(r["case_no"], [])} for r in rows]

    # -- uploads --------------------------------------------------------------------------------------------

    def upload(self, upload_id: str) -> UploadRecord | None:
        """An upload's progress, or ``None`` when unknown."""
        with self._lock:
            r = self._db.execute("SELECT * FROM uploads WHERE upload_id=?", (upload_id,)).fetchone()
        if r is None:
            return None
        return UploadRecord(
            r["upload_id"], r["total"], r["received"], r["sha256"], r["content_type"], bool(r["complete"])
        )

    def upload_path(self, upload_id: str) -> Path:
        """Where an upload's bytes are kept."""
        return self.uploads_dir / f"{upload_id}.bin"

    def put_chunk(
        self,
        kiosk_id: str,
        upload_id: str,
        start: int,
        total: int,
        sha256: str,
        content_type: str,
        chunk: bytes,
        now: float,
    ) -> UploadRecord:
        """Append a chunk at ``start``; check the sha256 when the last byte arrives."""
        with self._lock:
            rec = self.upload(upload_id)
            if rec is None:
                rec = UploadRecord(upload_id, total, 0, sha256, content_type, False)
                with self._tx() as db:
                    db.execute(
                        "INSERT INTO uploads VALUES (?,?,?,?,?,?,?,?)",
                        (upload_id, kiosk_id, total, 0, sha256, content_type, 0, now),
                    )
                self.upload_path(upload_id).write_bytes(b"")
            if rec.total != total or rec.sha256 != sha256:
                raise UploadProblem(
                    409, "upload_mismatch", "size or sha256 differs from the upload's start", rec.received
                )
            if rec.complete:
                return rec
            if start != rec.received:
                raise UploadProblem(409, "offset_mismatch", f"expected bytes from {rec.received}", rec.received)
            path = self.upload_path(upload_id)
            with open(path, "r+b") as fh:
                fh.seek(start)
                fh.write(chunk)
                fh.truncate()
            received = start + len(chunk)
            complete = received == total
            whole = hashlib.sha256(chunk).hexdigest() if start == 0 and complete else None
            if complete and (whole or _file_sha256(path)) != sha256:
                path.unlink(missing_ok=True)
                with self._tx() as db:
                    db.execute("DELETE FROM uploads WHERE upload_id=?", (upload_id,))
                raise UploadProblem(
                    400, CHECKSUM_MISMATCH, "the bytes received do not match the sha256; upload again from the start", 0
                )
            with self._tx() as db:
                db.execute(
                    "UPDATE uploads SET received=?, complete=? WHERE upload_id=?", (received, int(complete), upload_id)
                )
            return UploadRecord(upload_id, total, received, sha256, content_type, complete)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while piece := fh.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()

"""Store-and-forward outbox in SQLite (WAL, synchronous commits) with encrypted personal data.

An application is written with its materials (sealed files under ``materials/<item id>/``) before any
network call, and :meth:`Outbox.put` returns only when it is durable. States: ``pending → sending →
sent | failed``. When the platform returns a case number the item becomes ``sent`` and everything
personal (payload, material files) is erased; only the case number, item code and times remain.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.errors import StorageError
from kiosk.privacy import mask_text
from kiosk.sync.application import Application
from kiosk.sync.localref import next_local_ref
from kiosk.sync.outbox_db import SCHEMA, OutboxQueries, Transaction
from kiosk.sync.records import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    STATES,
    Attempt,
    Depth,
    Envelope,
    OutboxEntry,
    QueuedApplication,
    StoredMaterial,
)
from kiosk.sync.responses import CaseReceipt
from kiosk.sync.vault import Vault, fsync_file

__all__ = [
    "FAILED",
    "PENDING",
    "SENDING",
    "SENT",
    "STATES",
    "Attempt",
    "Depth",
    "Envelope",
    "Outbox",
    "OutboxEntry",
    "QueuedApplication",
    "StoredMaterial",
]

log = logging.getLogger(__name__)


class Outbox(OutboxQueries):
    """The durable queue of applications waiting for the platform. Thread-safe."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        vault: Vault,
        *,
        local_ref_prefix: str = "TZ",
        clock: Callable[[], float] = time.time,
        recover: bool = True,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.materials_dir = self.directory / "materials"
        self.materials_dir.mkdir(exist_ok=True, mode=0o700)
        for folder in (self.directory, self.materials_dir):
            folder.chmod(0o700)
        self._vault = vault
        self._prefix = local_ref_prefix
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                self.directory / "outbox.sqlite3", check_same_thread=False, isolation_level=None, timeout=30
            )
            self._db.row_factory = sqlite3.Row
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON", "foreign_keys=ON"):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.executescript(SCHEMA)
            for name in ("outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm"):
                if (self.directory / name).exists():
                    (self.directory / name).chmod(0o600)
        except sqlite3.Error as exc:
            raise StorageError(f"outbox database cannot be opened: {exc}") from exc
        self.resumed = 0
        if recover:  # only the kiosk process itself: a technician's command must not touch live items
            self.resumed = self._resume()
            self._remove_orphans()

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        *,
        local_ref_prefix: str = "TZ",
        clock: Callable[[], float] = time.time,
        recover: bool = True,
    ) -> Outbox:
        """The outbox under ``data_dir/outbox`` with the key file ``data_dir/keys/outbox.key``.

        ``recover`` (the kiosk at start-up) resumes items left ``sending`` and deletes orphaned material
        folders; technician commands open with ``recover=False`` while the kiosk may be running.
        """
        data = Path(data_dir)
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        data.chmod(0o700)
        return cls(
            data / "outbox",
            Vault.open(data / "keys" / "outbox.key"),
            local_ref_prefix=local_ref_prefix,
            clock=clock,
            recover=recover,
        )

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    # -- internals ------------------------------------------------------------------------------------------

    def _tx(self) -> Transaction:
        return Transaction(self._db, self._lock)

    def _resume(self) -> int:
        """Items left ``sending`` by a crash go back to ``pending``; the interrupted try counts as an attempt."""
        with self._tx() as db:
            for (item_id,) in db.execute("SELECT id FROM items WHERE state=?", (SENDING,)).fetchall():
                self._attempt(db, item_id, "interrupted", None, "", "kiosk stopped while sending")
            cur = db.execute(
                "UPDATE items SET state=?, next_attempt_at=?, updated_at=?, attempts=attempts+1 WHERE state=?",
                (PENDING, self._clock(), self._clock(), SENDING),
            )
        if cur.rowcount:
            log.info("outbox: resumed %d item(s) interrupted while sending", cur.rowcount)
        return cur.rowcount

    def _remove_orphans(self) -> None:
        """Delete material folders with no unsent item (crash between files and commit, or after erase)."""
        with self._lock:
            live = {r[0] for r in self._db.execute("SELECT id FROM items WHERE payload IS NOT NULL")}
        for child in self.materials_dir.iterdir():
            if child.name not in live:
                shutil.rmtree(child, ignore_errors=True)

    def _aad(self, item_id: str) -> bytes:
        return item_id.encode("ascii")

    # -- enqueue --------------------------------------------------------------------------------------------

    def put(self, app: Application) -> QueuedApplication:
        """Queue ``app`` durably (sealed materials fsynced, then one synchronous commit)."""
        problems = app.problems()
        if problems:
            raise ValueError("application cannot be queued: " + "; ".join(problems))
        existing = self._by_visit(app.visit_id)
        if existing is not None:
            return existing
        item_id = uuid.uuid4().hex
        folder = self.materials_dir / item_id
        folder.mkdir(mode=0o700)
        try:
            rows, described, total, written = [], [], 0, []
            for idx, m in enumerate(app.all_materials()):
                spec: dict[str, Any] = {"idx": idx, "name": m.name, "role": m.role}
                if m.is_licence:
                    spec["licence_ref"] = m.licence_ref
                else:
                    path = folder / f"{idx}.bin"
                    sealed = self._vault.write_file(
                        path, m.data or b"", self._aad(item_id) + b"/%d" % idx, sync=False, atomic=False
                    )  # fresh folder: synced below
                    written.append(path)
                    if sealed.size == 0:
                        raise ValueError(f"material {idx} ({m.name}) is empty")
                    total += sealed.size
                    rows.append(
                        (item_id, idx, m.role, m.content_type, sealed.size, sealed.sha256, uuid.uuid4().hex, path.name)
                    )
                described.append(spec)
            for path in written:  # one pass of fsyncs after all writes lets the disk coalesce them
                fsync_file(path)
            fsync_file(folder)
            fsync_file(self.materials_dir)
            payload = {
                "applicant": app.applicant,
                "form": app.form,
                "delivery": app.delivery,
                "bundle_code": app.bundle_code,
                "materials": described,
            }
            sealed_payload = self._vault.seal(
                json.dumps(payload, ensure_ascii=False).encode("utf-8"), self._aad(item_id)
            )
            with self._tx() as db:
                if db.execute("SELECT 1 FROM items WHERE visit_id=?", (app.visit_id,)).fetchone() is not None:
                    queued = None  # queued meanwhile by another thread: keep theirs
                else:
                    queued = self._insert(db, item_id, app, described, rows, total, sealed_payload)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if queued is None:
            shutil.rmtree(folder, ignore_errors=True)
            return self._by_visit(app.visit_id)  # type: ignore[return-value]
        log.info("outbox: queued %s (item %s, %d material(s))", queued.local_ref, app.item_code, len(described))
        return queued

    def _insert(
        self,
        db: sqlite3.Connection,
        item_id: str,
        app: Application,
        described: list[dict[str, Any]],
        rows: list[tuple[Any, ...]],
        total: int,
        sealed_payload: bytes,
    ) -> QueuedApplication:
        now = self._clock()
        local_ref = next_local_ref(db, self._prefix, now)
        key = str(uuid.uuid4())
        db.execute(
            "INSERT INTO items(id, visit_id, local_ref, idempotency_key, item_code, state, created_at, "
            "updated_at, next_attempt_at, material_count, total_bytes, payload) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                item_id,
                app.visit_id,
                local_ref,
                key,
                app.item_code,
                PENDING,
                now,
                now,
                now,
                len(described),
                total,
                sealed_payload,
            ),
        )
        db.executemany(
            "INSERT INTO materials(item_id, idx, role, content_type, size, sha256, upload_id, file) "
            "VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        return QueuedApplication(item_id, local_ref, key)

    def _by_visit(self, visit_id: str) -> QueuedApplication | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, local_ref, idempotency_key FROM items WHERE visit_id=?", (visit_id,)
            ).fetchone()
        return None if row is None else QueuedApplication(row[0], row[1], row[2], already_queued=True)

    # -- sending --------------------------------------------------------------------------------------------

    def claim(self) -> str | None:
        """Mark the most overdue pending item ``sending`` and return its id (``None``: nothing due)."""
        now = self._clock()
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM items WHERE state=? AND next_attempt_at<=? "
                "ORDER BY next_attempt_at, created_at LIMIT 1",
                (PENDING, now),
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE items SET state=?, updated_at=? WHERE id=?", (SENDING, now, row[0]))
        return row[0]

    def envelope(self, item_id: str) -> Envelope:
        """Open an unsent item: decrypt its payload and list its sealed materials."""
        with self._lock:
            row = self._db.execute("SELECT * FROM items WHERE id=?", (item_id,)).fetchone()
            mats = self._db.execute("SELECT * FROM materials WHERE item_id=? ORDER BY idx", (item_id,)).fetchall()
        if row is None or row["payload"] is None:
            raise StorageError(f"outbox item {item_id} has no data to send")
        payload = json.loads(self._vault.unseal(row["payload"], self._aad(item_id)))
        folder = self.materials_dir / item_id
        materials = tuple(
            StoredMaterial(
                m["idx"],
                m["role"],
                m["content_type"],
                m["size"],
                m["sha256"],
                m["upload_id"],
                folder / m["file"],
                bool(m["uploaded"]),
                m["reencoded"],
            )
            for m in mats
        )
        return Envelope(
            item_id, row["local_ref"], row["idempotency_key"], row["item_code"], row["visit_id"], payload, materials
        )

    def read_material(self, item_id: str, material: StoredMaterial, start: int = 0) -> Iterator[bytes]:
        """The plaintext of a sealed material from ``start`` on, chunk by chunk."""
        return self._vault.read_file(material.path, self._aad(item_id) + b"/%d" % material.idx, start)

    def mark_uploaded(self, item_id: str, idx: int) -> None:
        """Remember durably that a material has fully arrived at the platform: it is never sent again, and
        the item's backoff starts afresh (it made progress)."""
        with self._tx() as db:
            db.execute("UPDATE materials SET uploaded=1 WHERE item_id=? AND idx=?", (item_id, idx))
            self._attempt(db, item_id, "uploaded", None, "", f"material {idx}")

    def replace_material(self, item_id: str, idx: int, data: bytes, content_type: str) -> StoredMaterial:
        """Store a re-encoded (smaller) material under a new upload id; the old file is replaced."""
        with self._lock:
            m = self._db.execute("SELECT * FROM materials WHERE item_id=? AND idx=?", (item_id, idx)).fetchone()
        if m is None:
            raise StorageError(f"outbox item {item_id} has no material {idx}")
        old = self.materials_dir / item_id / m["file"]
        path = old.with_name(f"{idx}-{m['reencoded'] + 1}.bin")  # a new file: a crash keeps the old one valid
        sealed = self._vault.write_file(path, data, self._aad(item_id) + b"/%d" % idx)
        fsync_file(path.parent)
        upload_id = uuid.uuid4().hex
        with self._tx() as db:
            db.execute(
                "UPDATE materials SET content_type=?, size=?, sha256=?, upload_id=?, file=?, uploaded=0, "
                "reencoded=reencoded+1 WHERE item_id=? AND idx=?",
                (content_type, sealed.size, sealed.sha256, upload_id, path.name, item_id, idx),
            )
            db.execute(
                "UPDATE items SET total_bytes=(SELECT SUM(size) FROM materials WHERE item_id=?) WHERE id=?",
                (item_id, item_id),
            )
        old.unlink(missing_ok=True)
        return StoredMaterial(
            idx, m["role"], content_type, sealed.size, sealed.sha256, upload_id, path, False, m["reencoded"] + 1
        )

    def _attempt(
        self, db: sqlite3.Connection, item_id: str, outcome: str, status: int | None, code: str, detail: str
    ) -> None:
        db.execute(
            "INSERT INTO attempts(item_id, at, outcome, http_status, code, detail) VALUES (?,?,?,?,?,?)",
            (item_id, self._clock(), outcome, status, code[:100], mask_text(detail)[:500]),
        )

    def mark_sent(self, item_id: str, receipt: CaseReceipt) -> None:
        """The platform holds the case: keep case number, item code and times; erase everything personal."""
        now = self._clock()
        with self._tx() as db:
            db.execute(
                "UPDATE items SET state=?, case_no=?, case_status=?, promised_date=?, sent_at=?, "
                "updated_at=?, attempts=attempts+1, last_error='', payload=NULL WHERE id=?",
                (SENT, receipt.case_no, receipt.status, receipt.promised_date, now, now, item_id),
            )
            db.execute("DELETE FROM materials WHERE item_id=?", (item_id,))
            self._attempt(db, item_id, "sent", 200 if receipt.replayed else 201, "", receipt.case_no)
            idle = db.execute("SELECT COUNT(*) FROM items WHERE state IN (?,?)", (PENDING, SENDING)).fetchone()[0] == 0
        shutil.rmtree(self.materials_dir / item_id, ignore_errors=True)
        if idle:
            self.checkpoint()  # queue drained: fold the WAL in so erased pages leave it too

    def mark_retry(
        self, item_id: str, delay_s: float, reason: str, *, status: int | None = None, code: str = ""
    ) -> None:
        """A transient failure: back to ``pending``, due again in ``delay_s`` seconds."""
        now = self._clock()
        with self._tx() as db:
            db.execute(
                "UPDATE items SET state=?, next_attempt_at=?, updated_at=?, attempts=attempts+1, "
                "last_error=? WHERE id=?",
                (PENDING, now + delay_s, now, mask_text(reason)[:500], item_id),
            )
            self._attempt(db, item_id, "retry", status, code, reason)

    def mark_failed(self, item_id: str, reason: str, *, status: int | None = None, code: str = "") -> None:
        """A permanent failure: keep the item (still encrypted) as ``failed`` for a technician."""
        now = self._clock()
        with self._tx() as db:
            db.execute(
                "UPDATE items SET state=?, updated_at=?, attempts=attempts+1, last_error=? WHERE id=?",
                (FAILED, now, mask_text(reason)[:500], item_id),
            )
            self._attempt(db, item_id, "failed", status, code, reason)

    def note(self, item_id: str, outcome: str, detail: str) -> None:
        """Add a line to an item's attempt history (e.g. ``reencoded``)."""
        with self._tx() as db:
            self._attempt(db, item_id, outcome, None, "", detail)

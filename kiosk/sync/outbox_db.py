"""The outbox's database: schema, one-transaction helper, and the read and technician queries
(:class:`OutboxQueries`, the base of :class:`kiosk.sync.outbox.Outbox`)."""

from __future__ import annotations

import builtins
import sqlite3
import threading
from collections.abc import Callable

from kiosk.errors import StorageError
from kiosk.sync.records import FAILED, PENDING, SENDING, STATES, Attempt, Depth, OutboxEntry, _row_entry

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, visit_id TEXT UNIQUE NOT NULL, local_ref TEXT UNIQUE NOT NULL,
    idempotency_key TEXT NOT NULL, item_code TEXT NOT NULL, state TEXT NOT NULL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, next_attempt_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
    case_no TEXT, case_status TEXT, promised_date TEXT, sent_at REAL,
    material_count INTEGER NOT NULL DEFAULT 0, total_bytes INTEGER NOT NULL DEFAULT 0, payload BLOB);
CREATE INDEX IF NOT EXISTS items_due ON items(state, next_attempt_at);
CREATE TABLE IF NOT EXISTS materials (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    role TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    upload_id TEXT NOT NULL, file TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0,
    reencoded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (item_id, idx));
CREATE TABLE IF NOT EXISTS attempts (
    item_id TEXT NOT NULL, at REAL NOT NULL, outcome TEXT NOT NULL, http_status INTEGER,
    code TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS attempts_item ON attempts(item_id);
CREATE INDEX IF NOT EXISTS attempts_outcome ON attempts(outcome, at);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class OutboxQueries:
    """What the outbox answers and the technician's actions; the subclass opens ``_db`` and owns writes."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _clock: Callable[[], float]

    def _tx(self) -> Transaction:
        return Transaction(self._db, self._lock)

    def next_due_in(self) -> float | None:
        """Seconds until the next pending item is due (0 when one is due now; ``None`` when none)."""
        with self._lock:
            row = self._db.execute("SELECT MIN(next_attempt_at) FROM items WHERE state=?", (PENDING,)).fetchone()
        return None if row[0] is None else max(0.0, row[0] - self._clock())

    def failures_in_a_row(self, item_id: str, code: str = "") -> int:
        """How many tries of an item failed since it last made progress (a material uploaded); with ``code``,
        how many of the latest failures in a row had that error code."""
        with self._lock:
            rows = self._db.execute(
                "SELECT outcome, code FROM attempts WHERE item_id=? ORDER BY rowid DESC LIMIT 100", (item_id,)
            ).fetchall()
        count = 0
        for outcome, row_code in rows:
            if outcome == "interrupted":
                continue  # the kiosk stopped: not the platform's failure, not the end of a streak either
            if outcome != "retry" or (code and row_code != code):
                break
            count += 1
        return count

    def now(self) -> float:
        """This outbox's clock (the one its timestamps are written with)."""
        return self._clock()

    def last_progress_at(self) -> float | None:
        """When the platform last took something of any item (an upload or an application), by this
        outbox's clock; ``None`` when never. Durable, so a restarted worker knows the platform answers."""
        with self._lock:
            row = self._db.execute("SELECT MAX(at) FROM attempts WHERE outcome IN ('sent', 'uploaded')").fetchone()
        return None if row[0] is None else float(row[0])

    def _attempt(
        self, db: sqlite3.Connection, item_id: str, outcome: str, status: int | None, code: str, detail: str
    ) -> None:
        raise NotImplementedError

    def retry(self, item_id: str) -> bool:
        """Put a failed item back in the queue, due now; False when it is not failed."""
        now = self._clock()
        with self._tx() as db:
            cur = db.execute(
                "UPDATE items SET state=?, next_attempt_at=?, updated_at=? WHERE id=? AND state=?",
                (PENDING, now, now, item_id, FAILED),
            )
            if cur.rowcount:
                self._attempt(db, item_id, "requeued", None, "", "retry requested by technician")
        return bool(cur.rowcount)

    def retry_failed(self) -> int:
        """Put every failed item back in the queue; returns how many."""
        ids = [e.id for e in self.list(FAILED)]
        return sum(self.retry(i) for i in ids)

    def find(self, ref: str) -> OutboxEntry | None:
        """An item by id, local reference or case number."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM items WHERE id=? OR local_ref=? OR case_no=?", (ref, ref, ref)
            ).fetchone()
        return None if row is None else _row_entry(row)

    def by_visit(self, visit_id: str) -> OutboxEntry | None:
        """The application queued during a visit, if any."""
        with self._lock:
            row = self._db.execute("SELECT * FROM items WHERE visit_id=?", (visit_id,)).fetchone()
        return None if row is None else _row_entry(row)

    def list(self, state: str | None = None, limit: int = 1000) -> list[OutboxEntry]:
        """Items, newest first, optionally only those in ``state``."""
        if state is not None and state not in STATES:
            raise ValueError(f"unknown state {state!r}; one of {', '.join(STATES)}")
        with self._lock:
            if state is None:
                rows = self._db.execute("SELECT * FROM items ORDER BY created_at DESC LIMIT ?", (limit,))
            else:
                rows = self._db.execute(
                    "SELECT * FROM items WHERE state=? ORDER BY created_at DESC LIMIT ?", (state, limit)
                )
            return [_row_entry(r) for r in rows.fetchall()]

    def attempts(self, item_id: str) -> builtins.list[Attempt]:
        """An item's attempt history, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, outcome, http_status, code, detail FROM attempts WHERE item_id=? ORDER BY rowid", (item_id,)
            ).fetchall()
        return [Attempt(*r) for r in rows]

    def depth(self) -> Depth:
        """How many items wait, and how old the oldest undelivered one is."""
        with self._lock:
            counts = dict(self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall())
            oldest = self._db.execute(
                "SELECT MIN(created_at) FROM items WHERE state IN (?,?,?)", (PENDING, SENDING, FAILED)
            ).fetchone()[0]
        return Depth(
            counts.get(PENDING, 0),
            counts.get(SENDING, 0),
            counts.get(FAILED, 0),
            None if oldest is None else max(0.0, self._clock() - oldest),
        )

    def checkpoint(self) -> None:
        """Fold the WAL into the database file (after erasing, so old pages leave the WAL too)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class Transaction:
    """``with`` block running one ``BEGIN IMMEDIATE`` … ``COMMIT`` under the outbox lock."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self._lock.release()
            raise StorageError(f"outbox is not writable: {exc}") from exc
        return self._db

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            if kind is None:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as err:
                    self._db.execute("ROLLBACK")
                    raise StorageError(f"outbox commit failed: {err}") from err
            else:
                self._db.execute("ROLLBACK")
        finally:
            self._lock.release()

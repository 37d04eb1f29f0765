"""The reference platform's ratings, queue tickets and kiosk heartbeats (a part of
:class:`kiosk.platform.store.PlatformStore`)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from contextlib import AbstractContextManager
from typing import Any


class DeskRecords:
    """Ratings (好差评), tickets and health reports; the store provides the database and its helpers."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _next(self, db: sqlite3.Connection, name: str) -> int:
        raise NotImplementedError

    def add_evaluation(
        self,
        kiosk_id: str,
        case_no: str | None,
        visit_id: str | None,
        level: int,
        reasons: list[str],
        comment: str,
        now: float,
    ) -> str:
        """Store a rating; returns its id. One rating per kiosk and visit: the same visit again (a retry
        whose answer was lost) returns the first rating's id and stores nothing."""
        evaluation_id = uuid.uuid4().hex[:16]
        with self._tx() as db:
            if visit_id:
                row = db.execute(
                    "SELECT id FROM evaluations WHERE kiosk_id=? AND visit_id=?", (kiosk_id, visit_id)
                ).fetchone()
                if row is not None:
                    return str(row[0])
            db.execute(
                "INSERT INTO evaluations VALUES (?,?,?,?,?,?,?,?)",
                (
                    evaluation_id,
                    kiosk_id,
                    case_no,
                    visit_id,
                    level,
                    json.dumps(reasons, ensure_ascii=False),
                    comment,
                    now,
                ),
            )
        return evaluation_id

    def has_case(self, case_no: str) -> bool:
        """True when the case exists."""
        with self._lock:
            return self._db.execute("SELECT 1 FROM cases WHERE case_no=?", (case_no,)).fetchone() is not None

    def issue_ticket(self, item_code: str, window: str, now: float) -> tuple[int, int]:
        """A new ticket number for today and how many wait before it."""
        day = time.strftime("%Y%m%d", time.localtime(now))
        with self._tx() as db:
            seq = self._next(db, "ticket:" + day)
            db.execute("INSERT INTO tickets VALUES (?,?,?,?,?)", (day, seq, item_code, window, now))
        return seq, (seq - 1) % 7

    def heartbeat(self, kiosk_id: str, report: dict[str, Any], now: float) -> None:
        """Remember a kiosk's last report (a queued older report never replaces a newer one) and count it."""
        with self._tx() as db:
            self._next(db, "heartbeats:" + kiosk_id)
            row = db.execute("SELECT report FROM heartbeats WHERE kiosk_id=?", (kiosk_id,)).fetchone()
            if row is not None and _measured_at(json.loads(row[0])) > _measured_at(report):
                return
            db.execute(
                "INSERT OR REPLACE INTO heartbeats VALUES (?,?,?)",
                (kiosk_id, now, json.dumps(report, ensure_ascii=False)),
            )

    def kiosk_health(self, kiosk_id: str) -> dict[str, Any] | None:
        """A kiosk's latest report, when it arrived, and how many reports arrived; None if never heard of."""
        with self._lock:
            row = self._db.execute("SELECT at, report FROM heartbeats WHERE kiosk_id=?", (kiosk_id,)).fetchone()
            count = self._db.execute("SELECT value FROM counters WHERE name=?", ("heartbeats:" + kiosk_id,)).fetchone()
        if row is None:
            return None
        return {
            "kiosk_id": kiosk_id,
            "last_seen": row[0],
            "reports_received": int(count[0]) if count else 1,
            "report": json.loads(row[1]),
        }


def _measured_at(report: dict[str, Any]) -> float:
    value = report.get("measured_at")
    return float(value) if isinstance(value, int | float) else float("-inf")

"""Store-and-forward ratings (好差评): a citizen's rating is kept on disk until the platform has it.

A rating is queued durably (one per visit; the reasons and comment sealed with the outbox key, since a
comment may name the citizen) before any network call, so a rating given while the network is down is
not lost. It is sent once its visit's application has a case number (or at once when the visit has no
application in the outbox), and erased when the platform answers. The platform keeps one rating per
kiosk and visit, so a retry after a lost answer never counts twice.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import StorageError
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.errors import PlatformBusy, PlatformCallError, PlatformServerError, PlatformUnreachable
from kiosk.sync.records import SENT
from kiosk.sync.vault import Vault, VaultError

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    visit_id TEXT PRIMARY KEY, created_at REAL NOT NULL, level INTEGER NOT NULL, sealed BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL, last_error TEXT NOT NULL DEFAULT '');
"""
RETRYABLE = (PlatformUnreachable, PlatformBusy, PlatformServerError)
"""Platform trouble worth another try; any other refusal drops the rating (it would never be accepted)."""


@dataclass(frozen=True, slots=True)
class RatingSent:
    """What one delivery attempt did: ``sent``, ``waiting`` (for the case), ``retry`` or ``dropped``."""

    visit_id: str
    outcome: str
    reason: str = ""


class RatingQueue:
    """Ratings waiting for the platform, in ``ratings.sqlite3`` beside the outbox. Thread-safe."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        vault: Vault,
        *,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self._vault = vault
        self.policy = policy or RetryPolicy()
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON"):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StorageError(f"rating queue cannot be opened at {self.path}: {exc}") from exc

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def put(self, visit_id: str, level: int, reasons: list[str], comment: str) -> bool:
        """Keep a rating on disk (returns once durable); False when this visit was already rated."""
        sealed = self._vault.seal(
            json.dumps({"reasons": reasons, "comment": comment}, ensure_ascii=False).encode("utf-8"),
            visit_id.encode("utf-8"),
        )
        now = self._clock()
        try:
            with self._lock:
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO ratings(visit_id, created_at, level, sealed, "
                    "next_attempt_at) VALUES (?,?,?,?,?)",
                    (visit_id, now, level, sealed, now),
                )
        except sqlite3.Error as exc:
            raise StorageError(f"rating cannot be stored: {exc}") from exc
        return cur.rowcount == 1

    def waiting(self) -> int:
        """How many ratings wait for the platform."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM ratings").fetchone()[0])

    def due(self) -> list[str]:
        """Visit ids of the ratings due for a try now, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT visit_id FROM ratings WHERE next_attempt_at<=? ORDER BY created_at", (self._clock(),)
            ).fetchall()
        return [r[0] for r in rows]

    def deliver(self, visit_id: str, client: Any, outbox: Any) -> RatingSent:
        """Try to send one rating: with the case number once its application has one; erased when sent."""
        with self._lock:
            row = self._db.execute(
                "SELECT level, sealed, attempts FROM ratings WHERE visit_id=?", (visit_id,)
            ).fetchone()
        if row is None:
            return RatingSent(visit_id, "dropped", "not queued")
        level, sealed, attempts = row
        entry = outbox.by_visit(visit_id) if outbox is not None else None
        if entry is not None and entry.state != SENT:
            return RatingSent(visit_id, "waiting")  # looked at again on the worker's next round
        try:
            extra = json.loads(self._vault.unseal(sealed, visit_id.encode("utf-8")))
            client.evaluate(
                level,
                case_no=entry.case_no if entry is not None else "",
                visit_id=visit_id,
                reasons=list(extra["reasons"]),
                comment=str(extra["comment"]),
            )
        except RETRYABLE as exc:
            delay = self.policy.delay(attempts + 1, exc.retry_after)
            self._later(visit_id, attempts, delay, type(exc).__name__)
            return RatingSent(visit_id, "retry", type(exc).__name__)
        except (PlatformCallError, VaultError, ValueError, KeyError) as exc:
            log.warning("rating dropped: the platform refused it or it is unreadable (%s)", type(exc).__name__)
            self._erase(visit_id)
            return RatingSent(visit_id, "dropped", type(exc).__name__)
        self._erase(visit_id)
        return RatingSent(visit_id, "sent")

    def deliver_due(self, client: Any, outbox: Any) -> list[RatingSent]:
        """Try every due rating once."""
        return [self.deliver(v, client, outbox) for v in self.due()]

    def _later(self, visit_id: str, attempts: int, delay_s: float, reason: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE ratings SET attempts=?, next_attempt_at=?, last_error=? WHERE visit_id=?",
                (attempts + 1, self._clock() + delay_s, reason, visit_id),
            )

    def _erase(self, visit_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM ratings WHERE visit_id=?", (visit_id,))

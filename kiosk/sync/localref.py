"""Local references for offline receipts: ``<PREFIX>-<YYYYMMDD>-<NNNN>``, e.g. ``TZ-20261124-0001``.

Made when an application is queued, before any network call, so the receipt can always carry one. The
sequence restarts every local day and is kept in the outbox database (same transaction as the item),
so it never repeats on one kiosk; give each kiosk of a hall its own prefix (``TZ01``, ``TZ02``).
"""

from __future__ import annotations

import re
import sqlite3
import time

LOCAL_REF = re.compile(r"^[A-Z0-9]{1,8}-\d{8}-\d{4,}$")


def format_local_ref(prefix: str, day: str, seq: int) -> str:
    """The reference text for sequence ``seq`` on ``day`` (YYYYMMDD)."""
    return f"{prefix}-{day}-{seq:04d}"


def next_local_ref(conn: sqlite3.Connection, prefix: str, now: float) -> str:
    """Take the next reference for the local day of ``now``; call inside the enqueue transaction."""
    day = time.strftime("%Y%m%d", time.localtime(now))
    key = f"localref:{prefix}:{day}"
    conn.execute("INSERT INTO counters(name, value) VALUES (?, 0) ON CONFLICT(name) DO NOTHING", (key,))
    conn.execute("UPDATE counters SET value = value + 1 WHERE name = ?", (key,))
    (seq,) = conn.execute("SELECT value FROM counters WHERE name = ?", (key,)).fetchone()
    return format_local_ref(prefix, day, int(seq))

"""Which job ids were sent to the printer, so that a retry never prints a receipt twice.

A job is marked ``sending`` *before* its first byte goes out and ``printed`` after the printer
confirmed it; a job found ``sending`` or ``interrupted`` later (crash, cable pulled) is not resent
blindly: only an explicit reprint prints it again. With a path the ledger survives restarts (an
append-only JSON-lines file holding job ids and states only — nothing personal).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

SENDING, PRINTED, INTERRUPTED = "sending", "printed", "interrupted"


class JobLedger:
    """Job id → last known state, optionally persisted to ``path``."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self._states: dict[str, str] = {}
        self._lock = threading.Lock()
        if self.path and self.path.exists():
            self._load(self.path)

    def _load(self, path: Path) -> None:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                entry = json.loads(line)
                self._states[str(entry["job"])] = str(entry["state"])
            except (ValueError, KeyError, TypeError):
                log.warning("printer job ledger %s: line %d unreadable, skipped", path, number)

    def state(self, job_id: str) -> str | None:
        """The last recorded state of ``job_id`` (None: never sent)."""
        with self._lock:
            return self._states.get(job_id)

    def record(self, job_id: str, state: str) -> None:
        """Record ``state`` for ``job_id`` (fsynced when persisted)."""
        with self._lock:
            self._states[job_id] = state
            if self.path is None:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps({"job": job_id, "state": state, "at": round(time.time(), 3)}) + "\n"
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())

    def count_with_prefix(self, prefix: str) -> int:
        """How many job ids start with ``prefix`` (numbering reprints)."""
        with self._lock:
            return sum(1 for job in self._states if job.startswith(prefix))

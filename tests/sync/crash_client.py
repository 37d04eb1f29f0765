"""Kiosk stand-in for the crash test: queue N applications (idempotently per visit) and drain the outbox.

Run as ``python -m tests.sync.crash_client DATA_DIR BASE_URL N``; the test SIGKILLs it at random moments
and starts it again. Exit code 0 once every application is sent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import SyncWorker
from tests.sync.helpers import KIOSK_ID, SECRET, application

SIZES = (90_000, 160_000)


def main(data_dir: str, base_url: str, count: int) -> int:
    """Queue what is not queued yet, then deliver until everything is sent."""
    outbox = Outbox.open(Path(data_dir))
    print(f"start: resumed={outbox.resumed} sent={len(outbox.list('sent'))}", file=sys.stderr, flush=True)
    client = PlatformClient(base_url, KIOSK_ID, SECRET, connect_timeout=1, read_timeout=3, chunk_bytes=64 * 1024)
    worker = SyncWorker(outbox, client, policy=RetryPolicy(base_s=0.02, maximum_s=0.2), poll_interval_s=0.05)
    worker.start()
    for i in range(count):
        worker.enqueue(application(i, sizes=SIZES, visit=f"crash-{i}"))
    while True:
        d = outbox.depth()
        if len(outbox.list("sent")) == count and d.waiting == 0:
            worker.stop()
            return 0
        if d.failed:
            print("failed items:", [e.last_error for e in outbox.list("failed")], file=sys.stderr)
            return 3
        time.sleep(0.05)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))

"""Outbox figures (DESIGN.md §9): enqueue latency of an application with 5 × 1 MB pages (encrypt + fsync),
drain rate to the reference platform on loopback, and the kiosk's peak memory growth while draining.

    .venv/bin/python benchmarks/outbox.py                 # 200 applications (about 1 GB)
    .venv/bin/python benchmarks/outbox.py --count 1000    # the full figure (about 5 GB, several minutes)

The platform runs in its own process, so the memory figure is the kiosk's alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.idnumber import check_char  # noqa: E402
from kiosk.sync.application import Application, MaterialInput  # noqa: E402
from kiosk.sync.backoff import RetryPolicy  # noqa: E402
from kiosk.sync.client import PlatformClient  # noqa: E402
from kiosk.sync.outbox import Outbox  # noqa: E402
from kiosk.sync.worker import SyncWorker  # noqa: E402

SECRET = "bench-secret-0001"
SERVER = """
import sys
from pathlib import Path
from kiosk.platform.config import ServerConfig
from kiosk.platform.server import serve_forever
config = ServerConfig(db_path=Path(sys.argv[1]), kiosks={"KIOSK-BENCH": sys.argv[3]}, case_step_s=0)
serve_forever(config, "127.0.0.1", int(sys.argv[2]))
"""
MB = 1 << 20


def rss_bytes() -> int:
    """Resident set size of this process."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Samples RSS every 20 ms in a thread; ``peak`` is the highest seen."""

    def __init__(self) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def application(i: int, pages: list[bytes]) -> Application:
    first17 = f"370481{1960 + i % 40}0101{i % 1000:03d}"
    return Application(
        f"bench-{i}",
        "MZ-001",
        {"name": "测试", "id_number": first17 + check_char(first17)},
        form={"n": i},
        materials=[MaterialInput(f"page{k}", "image/jpeg", p) for k, p in enumerate(pages)],
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="applications to drain (default 200)")
    parser.add_argument("--pages", type=int, default=5, help="pages per application (default 5)")
    parser.add_argument("--page-mb", type=float, default=1.0, help="MB per page (default 1)")
    parser.add_argument(
        "--dir",
        default=None,
        help="work directory on the disk to measure (default: a temp dir under the repository, i.e. the real disk)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-outbox-", dir=args.dir or ROOT))
    pages = [os.urandom(int(args.page_mb * MB)) for _ in range(args.pages)]
    app_mb = args.pages * args.page_mb
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(work / "platform" / "p.sqlite3"), str(port), SECRET],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        outbox = Outbox.open(work / "data")
        latencies = []
        for i in range(args.count):
            start = time.perf_counter()
            outbox.put(application(i, pages))
            latencies.append((time.perf_counter() - start) * 1000)
        print(
            f"enqueue {args.count} × ({args.pages} × {args.page_mb:g} MB): "
            f"p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
            f"max {max(latencies):.1f} ms  (target p99 ≤ 50 ms)"
        )

        client = PlatformClient(f"http://127.0.0.1:{port}", "KIOSK-BENCH", SECRET, read_timeout=60)
        for _ in range(200):
            try:
                client.heartbeat({}, 0, "bench", 0)
                break
            except Exception:  # noqa: BLE001 - waiting for the server to listen
                time.sleep(0.05)
        worker = SyncWorker(outbox, client, policy=RetryPolicy(0.05, 1))
        baseline = rss_bytes()
        with PeakRss() as peak:
            t0 = time.perf_counter()
            sent = 0
            while (delivery := worker.run_once()) is not None:
                sent += delivery.state == "sent"
            drain_s = time.perf_counter() - t0
        total_mb = sent * app_mb
        print(
            f"drain {sent}/{args.count} applications ({total_mb:.0f} MB) in {drain_s:.1f} s: "
            f"{sent / drain_s:.1f} applications/s, {total_mb / drain_s:.1f} MB/s  (target ≥ 50 MB/s)"
        )
        print(f"peak memory growth while draining: {(peak.peak - baseline) / MB:.1f} MB  (target ≤ 50 MB)")
        outbox.close()
        client.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

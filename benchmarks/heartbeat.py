"""Heartbeat figures: cost of taking one health report, of one report delivered to the reference platform
on loopback, and of draining a full offline queue after an outage; with the CPU share at the default interval.

    .venv/bin/python benchmarks/heartbeat.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices import registry  # noqa: E402
from kiosk.health import HealthReporter, collect  # noqa: E402
from kiosk.platform.config import ServerConfig  # noqa: E402
from kiosk.platform.server import RunningPlatform  # noqa: E402
from kiosk.settings.health import HealthSection  # noqa: E402
from kiosk.settings.model import KioskSettings  # noqa: E402
from kiosk.sync.client import PlatformClient  # noqa: E402
from kiosk.sync.outbox import Outbox  # noqa: E402

SECRET = "bench-secret-123456"
ROUNDS = 300


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = KioskSettings()
        settings.kiosk.data_dir = Path(tmp) / "data"
        settings.kiosk.id = "KIOSK-BENCH"
        platform = RunningPlatform(ServerConfig(db_path=Path(tmp) / "p.sqlite3", kiosks={"KIOSK-BENCH": SECRET}))
        printer = registry.create("printer", "simulated", name="printer")
        printer.start()
        outbox = Outbox.open(settings.kiosk.data_dir)
        client = PlatformClient(platform.base_url, settings.kiosk.id, SECRET)
        services = SimpleNamespace(
            settings=settings, devices={"printer": printer}, sync=SimpleNamespace(outbox=outbox, client=client)
        )
        try:
            section = HealthSection()
            takes = []
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                collect(services, 0.0)
                takes.append(time.perf_counter() - t0)
            reporter = HealthReporter(services, section=HealthSection(queue_max=section.queue_max))
            beats = []
            cpu0 = time.process_time()
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                reporter.beat()
                beats.append(time.perf_counter() - t0)
            cpu_per_beat = (time.process_time() - cpu0) / ROUNDS
            for _ in range(section.queue_max):
                reporter.queue.append(collect(services, 0.0))
            t0 = time.perf_counter()
            reporter.beat()
            drain = time.perf_counter() - t0
        finally:
            client.close()
            outbox.close()
            printer.stop()
            platform.stop()
    print(f"take a report:            {_ms(takes)}")
    print(f"report delivered (loopback, signed): {_ms(beats)}")
    print(f"drain {section.queue_max} queued reports after an outage: {drain * 1000:.0f} ms")
    share = cpu_per_beat / section.interval_s * 100
    print(
        f"CPU share at interval {section.interval_s:.0f} s: {share:.4f} % of a core "
        "(kiosk side incl. the in-process platform)"
    )


if __name__ == "__main__":
    main()

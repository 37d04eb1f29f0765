"""Receipt job build time (layout + encoding + QR) and size, native QR versus raster QR, both widths.

Also: rendering a job to a PNG preview, and printing one through the loopback TCP simulator.
Run: .venv/bin/python benchmarks/printer.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from devices.printer.backends.network import NetworkPrinter
from devices.printer.fonts import find_cjk_font
from devices.printer.preview import render_preview
from devices.printer.profile import load_profile
from devices.printer.simulator import TcpPrinterSimulator
from kiosk.receipts import build_receipt_job, sample_receipt

PROFILES = Path(__file__).resolve().parents[1] / "config" / "printers"


def timed(fn, runs: int) -> tuple[float, float]:
    """Median and p95 in milliseconds."""
    fn()  # warm up (imports, font and code caches)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    receipt = sample_receipt("TZ2026112400123")
    print("receipt job build (layout + GB18030 encoding + QR + barcode)")
    print(f"{'profile':<14}{'QR':<8}{'median ms':>10}{'p95 ms':>9}{'bytes':>8}")
    sizes = {}
    for name in ("generic-80mm", "generic-58mm"):
        profile = load_profile(PROFILES / f"{name}.toml")
        for native in (True, False):
            median, p95 = timed(lambda p=profile, n=native: build_receipt_job(receipt, p, native_qr=n), 200)
            size = len(build_receipt_job(receipt, profile, native_qr=native))
            sizes[(name, native)] = size
            print(f"{name:<14}{'native' if native else 'raster':<8}{median:>10.2f}{p95:>9.2f}{size:>8}")
    for name in ("generic-80mm", "generic-58mm"):
        ratio = sizes[(name, False)] / sizes[(name, True)]
        print(f"{name}: raster QR job is {ratio:.1f}x the size of the native QR job")

    profile = load_profile(PROFILES / "generic-80mm.toml")
    font = find_cjk_font()
    data = build_receipt_job(receipt, profile)
    median, p95 = timed(lambda: render_preview(data, profile, font), 20)
    print(f"preview render (80 mm receipt -> PNG image): median {median:.1f} ms, p95 {p95:.1f} ms")

    with TcpPrinterSimulator("ok") as sim:
        printer = NetworkPrinter(
            "bench", host=sim.host, port=sim.port, profile_path=str(PROFILES / "generic-80mm.toml")
        )
        counter = iter(range(10**6))
        median, p95 = timed(lambda: printer.print_job(f"bench-{next(counter)}", data), 100)
    print(
        f"print through the loopback simulator (status before + job + status after): "
        f"median {median:.2f} ms, p95 {p95:.2f} ms"
    )


if __name__ == "__main__":
    main()

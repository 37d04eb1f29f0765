"""Cold start to the first frame of an interactive home screen under Xvfb (DESIGN.md §9: ≤ 3 s).

Each run is a fresh Python process (imports, config, services started, font lookup, Kivy window, home
screen built, first frames drawn); the parent times it from spawn to the child's 'ready' line. The
other screens are then built one per idle frame and the pinyin table starts loading: the parent also
times spawn → 'built' (every screen built) and → 'warm' (pinyin table loaded too). Prints each run
and the medians of 5. Then, warm, the median and max screen change time (home → coming soon → home,
one frame drawn) in the child.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--size 1080x1920]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(width: int, height: int) -> None:
    import tempfile

    from kiosk.display import ensure_display

    ensure_display(width, height)
    from screens.launch import prepare_kivy

    prepare_kivy(width, height, kivy_home=tempfile.mkdtemp(prefix="kivy-bench-"))
    from kiosk.services import KioskServices
    from kiosk.settings import load_settings
    from screens.walkthrough.driver import UiDriver

    settings = load_settings(environ={})
    settings.ui.width, settings.ui.height = width, height
    settings.kiosk.data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    settings.platform.base_url = "http://127.0.0.1:0"
    services = KioskServices(settings)
    services.start(defer=True)  # as ``kiosk run`` does
    driver = UiDriver.launch(services, warm=False)  # home drawn: the figure; warm-up timed below
    assert driver.current == "home"
    print("ready", flush=True)
    driver.wait_until(lambda: not driver.app.manager.pending, timeout=30, what="every screen built")
    print("built", flush=True)
    driver.wait_until(lambda: driver.app.warm, timeout=30, what="the pinyin table loaded")
    print("warm", flush=True)
    changes = []
    for _ in range(10):
        for target in ("coming_soon", "home"):
            t0 = time.perf_counter()
            driver.app.show(target)
            driver.pump(1)
            changes.append((time.perf_counter() - t0) * 1000)
    print(f"screen-change-ms {statistics.median(changes):.1f} {max(changes):.1f}", flush=True)
    driver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="1080x1920")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    if args.child:
        child(width, height)
        return
    from kiosk.display import ensure_display

    ensure_display(width, height)  # one X server for all runs: we time the kiosk, not Xvfb
    times, built, warm, changes, maxima = [], [], [], [], []
    for run in range(args.runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", "--size", args.size],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "KIVY_NO_ARGS": "1"},
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ready"):
                times.append(time.perf_counter() - t0)
            elif line.startswith("built"):
                built.append(time.perf_counter() - t0)
            elif line.startswith("warm"):
                warm.append(time.perf_counter() - t0)
            elif line.startswith("screen-change-ms"):
                changes.append(float(line.split()[1]))
                maxima.append(float(line.split()[2]))
        proc.wait()
        print(
            f"run {run + 1}: cold start to interactive home {times[-1]:.2f} s, every screen built "
            f"{built[-1]:.2f} s, warm {warm[-1]:.2f} s"
        )
    print(f"cold start median of {len(times)}: {statistics.median(times):.2f} s (target ≤ 3 s)")
    print(f"every screen built (one per idle frame after home), median: {statistics.median(built):.2f} s")
    print(f"warm (pinyin table loaded, on a thread), median: {statistics.median(warm):.2f} s")
    print(
        f"screen change median: {statistics.median(changes):.1f} ms, worst run's max "
        f"{max(maxima):.1f} ms (target ≤ 150 ms)"
    )


if __name__ == "__main__":
    main()

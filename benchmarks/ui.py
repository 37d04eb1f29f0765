"""Screen changes along the application journey, and process memory over many scripted journeys
(DESIGN.md §9: each screen change ≤ 150 ms; memory flat over 500 journeys).

Runs the real app under Xvfb with simulated devices and the embedded reference platform.

1. Screen change time: for each step of the ``apply`` journey, from ``session.next()`` (what a button
   does) until the new screen is current and one frame is drawn. A few *full* journeys (submission to
   the platform, receipt printed on the simulated printer, rating) are timed this way.
2. Memory: RSS over ``--journeys`` scripted journeys. A journey here is *shortened*: the rehearsal data
   of every step before review (sample card read, licences fetched from the platform, form, a captured
   page) → straight to the review screen (summary built) → signature → delivery screen → cancelled back
   home (session wiped). Every 25th journey is a full one through every screen (submitted to the
   platform, receipt printed on the simulated printer, rated). Prints RSS after warm-up, every 100
   journeys and at the end. (Full journeys for all 500 take several minutes on a shared 2-core box.)

    .venv/bin/python benchmarks/ui.py [--journeys 500] [--full 3] [--size 540x960]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ITEM = "370481-GA-HJ-004"


def rss_mib() -> float:
    """Resident set size of this process in MiB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def launch(width: int, height: int):  # noqa: ANN201 - screens.driver.UiDriver
    """The real app on a fresh data directory, ready at home."""
    from kiosk.display import ensure_display

    ensure_display(width, height)
    from screens.launch import prepare_kivy

    prepare_kivy(width, height, kivy_home=tempfile.mkdtemp(prefix="kivy-bench-"))
    from kiosk.services import KioskServices
    from kiosk.settings import load_settings
    from screens.driver import UiDriver

    settings = load_settings(environ={})
    settings.ui.width, settings.ui.height = width, height
    settings.kiosk.data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-ui-"))
    settings.platform.base_url = "http://127.0.0.1:0"
    services = KioskServices(settings)
    services.start()
    return UiDriver.launch(services)


def timed_change(d, action, expected: str, timings: dict[str, list[float]]) -> None:  # noqa: ANN001
    """Run ``action`` and time until ``expected`` is the current screen with a frame drawn."""
    t0 = time.perf_counter()
    action()
    while d.current != expected:
        d.pump(1)
        if time.perf_counter() - t0 > 30:
            raise RuntimeError(f"screen {expected} not reached (at {d.current})")
    d.pump(1)
    timings[expected].append((time.perf_counter() - t0) * 1000)


def journey(d, timings: dict[str, list[float]], full: bool) -> None:  # noqa: ANN001
    """One scripted journey (see the module docstring)."""
    from kiosk.journey.rehearsal import fill_step, fill_until_review
    from kiosk.session import Step

    services = d.services
    session = services.session
    part = services.journey.submission
    if full:
        timed_change(d, lambda: session.start("apply"), "catalog", timings)
        while session.step is not Step.REVIEW:
            fill_step(services, session.step, ITEM)
            nxt = session.steps[session.steps.index(session.step) + 1].value
            timed_change(d, session.next, nxt if d.app.manager.has_screen(nxt) else "coming_soon", timings)
    else:  # shortened: the data of every earlier step, then straight to review
        fill_until_review(services, ITEM)
        timed_change(d, lambda: session._move(session.steps.index(Step.REVIEW)), "review", timings)
    fill_step(services, Step.FORM, ITEM)
    part.set_signature(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)
    timed_change(d, session.next, "delivery", timings)
    if not full:
        timed_change(d, lambda: session.end("cancelled"), "home", timings)
        return
    part.choose_delivery("pickup")
    timed_change(d, session.next, "submitting", timings)
    t0 = time.perf_counter()
    while d.current != "receipt":
        d.pump(1)
        if time.perf_counter() - t0 > 30:
            raise RuntimeError("no receipt within 30 s")
    timings["submit→receipt (incl. platform)"].append((time.perf_counter() - t0) * 1000)
    timed_change(d, session.next, "rating", timings)
    part.rate(5, ["fast"])
    timed_change(d, session.next, "home", timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=500)
    parser.add_argument("--full", type=int, default=3, help="full journeys timed before the memory run")
    parser.add_argument("--size", default="540x960")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    d = launch(width, height)
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.full):
        journey(d, timings, full=True)
    print(f"screen change (session.next → new screen current + 1 frame), {args.full} full journeys "
          f"at {width}x{height}, ms:")
    for name, values in timings.items():
        print(f"  {name:34s} median {statistics.median(values):7.1f}  max {max(values):7.1f}  n={len(values)}")
    memory_timings: dict[str, list[float]] = defaultdict(list)
    warmup = min(20, args.journeys)
    for _ in range(warmup):
        journey(d, memory_timings, full=False)
    gc.collect()
    base = rss_mib()
    started = time.perf_counter()
    print(f"memory: RSS after {warmup} warm-up journeys {base:.1f} MiB")
    for n in range(1, args.journeys + 1):
        journey(d, memory_timings, full=n % 25 == 0)
        if n % 100 == 0 or n == args.journeys:
            gc.collect()
            now = rss_mib()
            print(f"  after {n:4d} journeys: RSS {now:7.1f} MiB ({now - base:+.1f} MiB)", flush=True)
    elapsed = time.perf_counter() - started
    changes = [v for k, vs in memory_timings.items() if "→" not in k for v in vs]
    changes.sort()
    print(f"{args.journeys} journeys ({args.journeys // 25} of them full) in {elapsed:.1f} s; "
          f"all screen changes: median {statistics.median(changes):.1f} ms, "
          f"p95 {changes[int(len(changes) * 0.95)]:.1f} ms, max {changes[-1]:.1f} ms (n={len(changes)})")
    d.close()


if __name__ == "__main__":
    main()

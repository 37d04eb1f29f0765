"""Screen changes along the application journey, and process memory over many scripted journeys
(DESIGN.md §9: each screen change ≤ 150 ms; memory flat over 500 journeys).

Runs the real app under Xvfb with simulated devices and the embedded reference platform.

1. Screen change time: for each step of the ``apply`` journey, from ``session.next()`` (what a button
   does) until the new screen is current and drawn (*visible*), and one frame later (*settled*: the
   previous screen's ``on_leave`` has run too). A few *full* journeys (submission to
   the platform, receipt printed on the simulated printer, rating) are timed this way.
2. Memory: RSS over ``--journeys`` scripted journeys. A journey here is *shortened*: the rehearsal data
   of every step before review (sample card read, licences fetched from the platform, form, a captured
   page) → straight to the review screen (summary built) → signature → delivery screen → cancelled back
   home (session wiped). Every 25th journey is a full one through every screen (submitted to the
   platform, receipt printed on the simulated printer, rated). Prints RSS after warm-up, five times
   along the way and at the end.

Timing starts once the app is warm (every screen built and the pinyin table loaded, as on a kiosk
waiting at home after boot). The default (40 journeys) runs in well under a minute and a half; the
DESIGN figure is ``--journeys 500`` (about 4 minutes on a shared 2-core box).

    .venv/bin/python benchmarks/ui.py [--journeys 40] [--full 3] [--size 540x960]
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


def launch(width: int, height: int):  # noqa: ANN201 - screens.walkthrough.driver.UiDriver
    """The real app on a fresh data directory, ready at home."""
    from kiosk.display import ensure_display

    ensure_display(width, height)
    from screens.launch import prepare_kivy

    prepare_kivy(width, height, kivy_home=tempfile.mkdtemp(prefix="kivy-bench-"))
    from kiosk.services import KioskServices
    from kiosk.settings import load_settings
    from screens.walkthrough.driver import UiDriver

    settings = load_settings(environ={})
    settings.ui.width, settings.ui.height = width, height
    settings.kiosk.data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-ui-"))
    settings.platform.base_url = "http://127.0.0.1:0"
    services = KioskServices(settings)
    services.start()
    return UiDriver.launch(services)


Timings = dict[str, list[tuple[float, float]]]
"""Per screen: (visible, settled) milliseconds of each change."""


def timed_change(d, action, expected: str, timings: Timings) -> None:  # noqa: ANN001
    """Run ``action``; time until ``expected`` is current and drawn (the frame that made it current
    also drew it: *visible*), and one frame more (the previous screen's ``on_leave`` and the end of
    the transition: *settled*, when the next touch is handled)."""
    t0 = time.perf_counter()
    action()
    while d.current != expected:
        d.pump(1)
        if time.perf_counter() - t0 > 30:
            raise RuntimeError(f"screen {expected} not reached (at {d.current})")
    visible = (time.perf_counter() - t0) * 1000
    d.pump(1)
    timings[expected].append((visible, (time.perf_counter() - t0) * 1000))


def journey(d, timings: Timings, full: bool) -> None:  # noqa: ANN001
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
    waited = (time.perf_counter() - t0) * 1000
    timings["submit→receipt (incl. platform)"].append((waited, waited))
    timed_change(d, session.next, "rating", timings)
    part.rate(5, ["fast"])
    timed_change(d, session.next, "home", timings)


def print_table(timings: Timings) -> None:
    """One line per screen: median and max of its change times, visible and settled."""
    print(f"  {'':34s} {'visible':>20s}   {'settled':>20s}")
    for name, pairs in timings.items():
        visible, settled = [v for v, _ in pairs], [s for _, s in pairs]
        print(
            f"  {name:34s} median {statistics.median(visible):6.1f} max {max(visible):6.1f}   "
            f"median {statistics.median(settled):6.1f} max {max(settled):6.1f}  n={len(pairs)}"
        )


def summary(values: list[float]) -> str:
    """Median, p95 and max of ``values``."""
    values = sorted(values)
    return (
        f"median {statistics.median(values):.1f} ms, p95 {values[int(len(values) * 0.95)]:.1f} ms, "
        f"max {values[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=40, help="journeys in the memory run (500: DESIGN)")
    parser.add_argument("--full", type=int, default=3, help="full journeys timed before the memory run")
    parser.add_argument("--size", default="540x960")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    t0 = time.perf_counter()
    d = launch(width, height)
    d.wait_until(lambda: d.app.warm, timeout=60, what="every screen built")
    print(f"app warm (services, every screen built, pinyin table loaded) after {time.perf_counter() - t0:.1f} s")
    timings: Timings = defaultdict(list)
    for _ in range(args.full):
        journey(d, timings, full=True)
    print(
        f"screen change (session.next → new screen current + 1 frame), {args.full} full journeys "
        f"at {width}x{height}, ms:"
    )
    print_table(timings)
    memory_timings: Timings = defaultdict(list)
    warmup = min(20, args.journeys)
    for _ in range(warmup):
        journey(d, memory_timings, full=False)
    gc.collect()
    base = rss_mib()
    started = time.perf_counter()
    print(f"memory: RSS after {warmup} warm-up journeys {base:.1f} MiB")
    for n in range(1, args.journeys + 1):
        journey(d, memory_timings, full=n % 25 == 0)
        if n % max(1, args.journeys // 5) == 0 or n == args.journeys:
            gc.collect()
            now = rss_mib()
            print(f"  after {n:4d} journeys: RSS {now:7.1f} MiB ({now - base:+.1f} MiB)", flush=True)
    elapsed = time.perf_counter() - started
    print("screen changes of the memory run, ms:")
    print_table(memory_timings)
    pairs = [pair for k, vs in memory_timings.items() if "→" not in k for pair in vs]
    print(
        f"{args.journeys} journeys ({args.journeys // 25} of them full) in {elapsed:.1f} s; "
        f"all {len(pairs)} screen changes (target ≤ 150 ms):"
    )
    print(f"  visible: {summary([v for v, _ in pairs])}")
    print(f"  settled: {summary([s for _, s in pairs])}")
    d.close()


if __name__ == "__main__":
    main()

"""The job runner: one job per key, failures become events, results of a previous visit dropped."""

from __future__ import annotations

import threading

from kiosk.events import EventBus
from kiosk.jobs import JobRunner


def test_one_job_per_key_and_its_result_published() -> None:
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(str, seen.append)
    runner = JobRunner(bus, lambda: "visit-1")
    gate = threading.Event()
    first = runner.start("print", lambda: gate.wait(10) and "printed")
    assert first is not None and runner.busy("print")
    assert runner.start("print", lambda: "twice") is None, "a second job under the same key is refused"
    assert runner.start("rate", lambda: "rated") is not None, "another key runs beside it"
    gate.set()
    runner.join(10)
    assert sorted(seen) == ["printed", "rated"] and not runner.busy("print")


def test_a_failure_becomes_the_error_event() -> None:
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(str, seen.append)
    runner = JobRunner(bus, lambda: "visit-1")

    def broken() -> object:
        raise OSError("disk full")

    thread = runner.start("rate", broken, on_error=lambda exc: f"failed: {type(exc).__name__}")
    assert thread is not None
    thread.join(10)
    assert seen == ["failed: OSError"]


def test_a_result_for_a_previous_visit_is_dropped_unless_kept() -> None:
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(str, seen.append)
    visit = ["visit-1"]
    runner = JobRunner(bus, lambda: visit[0])
    gate = threading.Event()
    stale = runner.start("fetch", lambda: gate.wait(10) and "old citizen's answer")
    kept = runner.start("submit", lambda: gate.wait(10) and "kept", keep_stale=True)
    assert stale is not None and kept is not None
    visit[0] = "visit-2"  # the session ended meanwhile
    gate.set()
    stale.join(10)
    kept.join(10)
    assert seen == ["kept"]

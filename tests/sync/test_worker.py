"""The background worker drains the outbox against the real platform and tells the UI what happened."""

import threading

from kiosk.events import EventBus
from kiosk.platform.faults import parse_faults
from kiosk.sync.events import ApplicationFailed, ApplicationQueued, ApplicationSent, OutboxDepth, SyncEvent
from kiosk.sync.worker import SyncWorker
from tests.sync.helpers import application


def _collect(bus):
    events, lock = [], threading.Lock()

    def handler(event):
        with lock:
            events.append(event)

    bus.subscribe(SyncEvent, handler)
    return events


def _wait(condition, timeout=20.0):
    done = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        done.wait(0.05)
    return condition()


def test_worker_drains_under_faults_and_publishes(platform, outbox, client, fast_policy):
    platform.set_faults(parse_faults("500=0.2,503=0.1,429=0.1,drop_after=0.1,retry_after=0,seed=5"))
    bus = EventBus()
    events = _collect(bus)
    worker = SyncWorker(outbox, client, bus, policy=fast_policy, poll_interval_s=0.05)
    worker.start()
    queued = [worker.enqueue(application(i, sizes=(80_000,))) for i in range(6)]
    assert _wait(lambda: outbox.depth().waiting == 0)
    assert worker.stop(10)
    sent = [e for e in events if isinstance(e, ApplicationSent)]
    assert sorted(e.local_ref for e in sent) == sorted(q.local_ref for q in queued)
    cases = platform.store.cases()
    assert len(cases) == 6 and {c["case_no"] for c in cases} == {e.case_no for e in sent}
    assert [e for e in events if isinstance(e, ApplicationQueued)][0].item_code == "MZ-001"
    depth = [e for e in events if isinstance(e, OutboxDepth)]
    assert depth[-1].pending == 0 and max(d.pending for d in depth) >= 1
    assert all(e.state == "sent" for e in outbox.list())


def test_worker_reports_permanent_failure_and_stops_cleanly(platform, outbox, client, fast_policy):
    bus = EventBus()
    events = _collect(bus)
    worker = SyncWorker(outbox, client, bus, policy=fast_policy, poll_interval_s=0.05)
    worker.start()
    worker.enqueue(application(1, id_no="110105194912310021"))
    assert _wait(lambda: any(isinstance(e, ApplicationFailed) for e in events))
    assert worker.stop(10)
    assert not any(t.name == "outbox-worker" for t in threading.enumerate())
    assert outbox.depth().failed == 1


def test_unexpected_error_does_not_leave_item_sending(outbox, client, fast_policy):
    worker = SyncWorker(outbox, client, policy=fast_policy)
    queued = worker.enqueue(application(1))

    def broken(item_id):
        raise RuntimeError("bug")

    worker.sender.deliver = broken
    delivery = worker.run_once()
    assert delivery.state == "pending"
    entry = outbox.find(queued.id)
    assert entry.state == "pending" and "RuntimeError" in entry.last_error


def test_start_sync_from_settings(platform, tmp_path):
    from kiosk.settings.model import KioskSettings
    from kiosk.sync import start_sync
    from tests.sync.helpers import KIOSK_ID, SECRET

    settings = KioskSettings()
    settings.kiosk.id = KIOSK_ID
    settings.kiosk.data_dir = tmp_path / "data"
    settings.platform.base_url = platform.base_url
    settings.platform.secret = SECRET
    settings.platform.poll_interval_s = 0.05
    bus = EventBus()
    events = _collect(bus)
    runtime = start_sync(settings, bus)
    try:
        queued = runtime.worker.enqueue(application(1))
        assert _wait(lambda: any(isinstance(e, ApplicationSent) for e in events))
    finally:
        assert runtime.stop(10)
    sent = next(e for e in events if isinstance(e, ApplicationSent))
    assert sent.local_ref == queued.local_ref and sent.case_no == platform.store.cases()[0]["case_no"]

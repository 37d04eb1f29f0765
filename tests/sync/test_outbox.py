"""Outbox states, durability, erasure and the sender's handling of each platform answer."""

import io
import re
import sqlite3
import time

import pytest
from PIL import Image

from kiosk.platform.faults import parse_faults
from kiosk.sync.application import Application, MaterialInput
from kiosk.sync.outbox import FAILED, PENDING, SENDING, SENT, Outbox
from kiosk.sync.sender import Sender
from tests.sync.helpers import application, id_number


def _payloads(outbox):
    return (
        sqlite3.connect(outbox.directory / "outbox.sqlite3")
        .execute("SELECT state, payload IS NOT NULL FROM items")
        .fetchall()
    )


def test_put_is_durable_and_idempotent_per_visit(data_dir):
    box = Outbox.open(data_dir)
    q = box.put(application(1))
    assert re.fullmatch(r"TZ-\d{8}-0001", q.local_ref)
    again = box.put(application(1))
    assert again.already_queued and again.id == q.id and again.local_ref == q.local_ref
    q2 = box.put(application(2))
    assert q2.local_ref.endswith("-0002") and q2.idempotency_key != q.idempotency_key
    box.close()
    reopened = Outbox.open(data_dir)
    entries = {e.id: e for e in reopened.list()}
    assert set(entries) == {q.id, q2.id} and entries[q.id].state == PENDING
    assert entries[q.id].material_count == 4  # 2 pages, 1 licence, 1 signature
    env = reopened.envelope(q.id)
    assert env.payload["applicant"]["name"] == "张三"
    data = b"".join(reopened.read_material(q.id, env.materials[0]))
    assert data == application(1).materials[0].data


def test_invalid_application_is_refused(outbox):
    with pytest.raises(ValueError, match="item_code"):
        outbox.put(Application("v", "", {"name": "x"}))
    with pytest.raises(ValueError, match="unsupported type"):
        outbox.put(Application("v", "X", {"name": "x"}, materials=[MaterialInput("m", "text/plain", b"x")]))


def test_sending_items_resume_at_start_and_orphans_are_removed(data_dir):
    box = Outbox.open(data_dir)
    q = box.put(application(1))
    assert box.claim() == q.id
    assert box.list()[0].state == SENDING
    (box.materials_dir / "deadbeef").mkdir()  # as if killed between writing files and committing
    box.close()
    technician = Outbox.open(data_dir, recover=False)  # `kiosk outbox list` while the kiosk runs
    assert technician.list()[0].state == SENDING and (technician.materials_dir / "deadbeef").exists()
    technician.close()
    box = Outbox.open(data_dir)
    assert box.resumed == 1 and box.list()[0].state == PENDING
    assert not (box.materials_dir / "deadbeef").exists()
    assert (box.materials_dir / q.id).exists()


def test_sent_erases_personal_data(outbox, client, fast_policy):
    q = outbox.put(application(1))
    item = outbox.claim()
    delivery = Sender(outbox, client, fast_policy).deliver(item)
    assert delivery.state == SENT and delivery.case_no.startswith("SQ")
    entry = outbox.find(q.local_ref)
    assert entry.state == SENT and entry.case_no == delivery.case_no and entry.item_code == "MZ-001"
    assert _payloads(outbox) == [(SENT, 0)]
    db = sqlite3.connect(outbox.directory / "outbox.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM materials").fetchone()[0] == 0
    assert not (outbox.materials_dir / q.id).exists()
    assert outbox.find(delivery.case_no).id == q.id


def test_one_bad_item_does_not_block_the_rest(outbox, client, fast_policy):
    bad = outbox.put(application(1, id_no="110105194912310021"))  # wrong check digit: platform says 400
    good = outbox.put(application(2))
    sender = Sender(outbox, client, fast_policy)
    outcomes = {}
    while (item := outbox.claim()) is not None:
        outcomes[item] = sender.deliver(item).state
    assert outcomes == {bad.id: FAILED, good.id: SENT}
    failed = outbox.find(bad.id)
    assert failed.state == FAILED and "invalid_id_number" in failed.last_error
    assert _payloads(outbox).count((FAILED, 1)) == 1  # kept, encrypted, for a technician
    outcomes_of_bad = [a.outcome for a in outbox.attempts(bad.id)]
    assert outcomes_of_bad[-1] == "failed" and set(outcomes_of_bad[:-1]) <= {"uploaded"}
    assert outbox.retry(bad.id) and outbox.find(bad.id).state == PENDING
    assert not outbox.retry(good.id)
    assert outbox.depth().pending == 1
    outbox.mark_failed(outbox.claim(), "again")
    assert outbox.retry_failed() == 1 and outbox.depth().failed == 0


def test_retry_after_is_honoured_and_history_kept(platform, outbox, client):
    from kiosk.sync.backoff import RetryPolicy

    platform.set_faults(parse_faults("503=1,retry_after=40"))
    q = outbox.put(application(1))
    before = time.time()
    delivery = Sender(outbox, client, RetryPolicy(base_s=1, maximum_s=600)).deliver(outbox.claim())
    assert delivery.state == PENDING and delivery.status == 503
    entry = outbox.find(q.id)
    assert 40 <= entry.next_attempt_at - before <= 45
    assert outbox.claim() is None  # not due yet
    assert outbox.attempts(q.id)[0].http_status == 503  # the first call is a HEAD: no error body


def test_unreachable_platform_backs_off_exponentially(outbox, fast_policy):
    from kiosk.sync.backoff import RetryPolicy
    from kiosk.sync.client import PlatformClient

    q = outbox.put(application(1))
    dead = PlatformClient("http://127.0.0.1:9", "K", "secret-123", connect_timeout=0.5)
    sender = Sender(outbox, dead, RetryPolicy(base_s=10, maximum_s=1000))
    delays = []
    for _ in range(3):
        outbox._db.execute("UPDATE items SET next_attempt_at=0")
        delays.append(sender.deliver(outbox.claim()).delay_s)
    assert 5 <= delays[0] <= 10 and 10 <= delays[1] <= 20 and 20 <= delays[2] <= 40
    assert outbox.find(q.id).attempts == 3


def _jpeg(size):
    img = Image.effect_noise(size, 80).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


@pytest.fixture
def small_platform(platform_config):
    from kiosk.platform.server import RunningPlatform

    platform_config.max_upload_bytes = 120_000
    server = RunningPlatform(platform_config)
    yield server
    server.stop()


def test_too_large_material_is_reencoded_then_sent(small_platform, outbox, fast_policy):
    from kiosk.sync.client import PlatformClient
    from tests.sync.helpers import KIOSK_ID, SECRET

    big = _jpeg((600, 400))
    assert len(big) > 120_000
    app = Application(
        "v-big",
        "MZ-001",
        {"name": "张三", "id_number": id_number(1)},
        materials=[MaterialInput("照片", "image/jpeg", big)],
    )
    q = outbox.put(app)
    c = PlatformClient(small_platform.base_url, KIOSK_ID, SECRET)
    delivery = Sender(outbox, c, fast_policy).deliver(outbox.claim())
    assert delivery.state == SENT
    assert "reencoded" in [a.outcome for a in outbox.attempts(q.id)]
    stored = small_platform.store.cases()[0]["materials"][0]
    assert stored["size"] <= 120_000
    with Image.open(small_platform.store.upload_path(stored["upload_id"])) as img:
        assert img.size[0] < 600


def test_too_large_pdf_fails_permanently(small_platform, outbox, fast_policy):
    from kiosk.sync.client import PlatformClient
    from tests.sync.helpers import KIOSK_ID, SECRET

    app = Application(
        "v-pdf",
        "MZ-001",
        {"name": "张三", "id_number": id_number(1)},
        materials=[MaterialInput("材料", "application/pdf", b"%PDF-1.4" + bytes(200_000))],
    )
    q = outbox.put(app)
    c = PlatformClient(small_platform.base_url, KIOSK_ID, SECRET)
    assert Sender(outbox, c, fast_policy).deliver(outbox.claim()).state == FAILED
    assert outbox.find(q.id).last_error.startswith("HTTP 413")

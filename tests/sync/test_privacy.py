"""Nothing personal in clear under the data directory or in the logs; gone from the database once sent."""

import logging
import sqlite3

import pytest

from kiosk.sync.application import Application, MaterialInput
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import SyncWorker
from tests.sync.helpers import KIOSK_ID, SECRET, id_number

NAME = "欧阳明华"
ID_NUMBER = id_number(42)
PHONE = "13912345678"
SECRETS = [NAME, ID_NUMBER, PHONE, "龙泉路88号"]


def _needles():
    out = []
    for text in SECRETS:
        for enc in ("utf-8", "gb18030", "utf-16-le"):
            out.append((text, enc, text.encode(enc)))
    return out


def _files_containing(root):
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [(str(path.relative_to(root)), text, enc) for text, enc, needle in _needles() if needle in data]
    return hits


def _journey_application():
    page = f"%PDF-1.4 申请人 {NAME} 身份证号 {ID_NUMBER} 电话 {PHONE}".encode() + bytes(5000)
    return Application(
        visit_id="visit-privacy",
        item_code="MZ-001",
        applicant={"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "address": "滕州市龙泉路88号"},
        form={"contact_phone": PHONE, "note": f"{NAME}本人办理"},
        delivery={"method": "post", "phone": PHONE, "address": "滕州市龙泉路88号"},
        materials=[
            MaterialInput("身份证明", "application/pdf", page),
            MaterialInput("户口簿", "application/pdf", page.replace(b"%PDF-1.4", b"%PDF-1.5")),
        ],
        signature_png=b"\x89PNG\r\n\x1a\n" + NAME.encode("gb18030"),
        face_photo_jpeg=b"\xff\xd8" + PHONE.encode(),
    )


@pytest.fixture
def captured_logs():
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep(logging.DEBUG)
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(old)


def test_queued_application_is_encrypted_and_sent_one_is_erased(tmp_path, platform_config, captured_logs, fast_policy):
    from kiosk.platform.server import RunningPlatform

    data_dir = tmp_path / "data"
    outbox = Outbox.open(data_dir)
    offline = PlatformClient("http://127.0.0.1:9", KIOSK_ID, SECRET, connect_timeout=0.5)
    worker = SyncWorker(outbox, offline, policy=fast_policy)
    queued = worker.enqueue(_journey_application())
    worker.run_once()  # the platform is unreachable: stays queued
    assert outbox.find(queued.id).state == "pending"
    assert _files_containing(data_dir) == []
    sealed = sqlite3.connect(outbox.directory / "outbox.sqlite3").execute("SELECT payload FROM items").fetchone()[0]
    assert len(sealed) > 100

    server = RunningPlatform(platform_config)
    try:
        online = PlatformClient(server.base_url, KIOSK_ID, SECRET, chunk_bytes=64 * 1024)
        worker = SyncWorker(outbox, online, policy=fast_policy)
        outbox._db.execute("UPDATE items SET next_attempt_at=0")
        assert worker.run_once().state == "sent"
        online.licences(ID_NUMBER)  # the licence lookup carries the ID number in its URL
    finally:
        server.stop()
    outbox.close()
    assert _files_containing(data_dir) == []
    db_bytes = b"".join(p.read_bytes() for p in (data_dir / "outbox").glob("outbox.sqlite3*"))
    for start in range(0, len(sealed) - 32, 32):
        assert sealed[start : start + 32] not in db_bytes  # not even the ciphertext remains
    assert list((data_dir / "outbox" / "materials").iterdir()) == []
    logs = "\n".join(captured_logs)
    assert queued.local_ref in logs  # the logs do say what happened …
    assert "holder=***" in logs  # urllib3 logged the licence lookup, redacted
    for text in SECRETS:
        assert text not in logs  # … without anything personal

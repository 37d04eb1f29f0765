"""``kiosk outbox rehearse`` and ``kiosk sync run`` as a technician runs them; what the kiosk keeps on disk
(masked echoes, 0700 folders, 0600 files)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.logging_setup import configure_logging
from kiosk.platform.config import ServerConfig
from kiosk.platform.server import RunningPlatform
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import FAILED, PENDING, Outbox
from kiosk.sync.sender import Sender
from tests.sync.garbage_server import GarbageServer
from tests.sync.helpers import KIOSK_ID, SECRET, application
from tests.sync.minimal_platform import MinimalPlatform

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def default_kiosk_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    """The reference platform knowing the embedded default's kiosk (KIOSK-0001 with its sample secret)."""
    server = RunningPlatform(ServerConfig(db_path=tmp_path / "platform.sqlite3"))
    yield server
    server.stop()


def _kiosk(data: Path, base_url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KIOSK__KIOSK__DATA_DIR": str(data),
        "KIOSK__PLATFORM__BASE_URL": base_url,
        "KIOSK__PLATFORM__RETRY_BASE_S": "0.05",
        "KIOSK__PLATFORM__POLL_INTERVAL_S": "0.05",
        "KIOSK__LOGGING__LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_rehearse_then_sync_run_delivers_everything(default_kiosk_platform: RunningPlatform, tmp_path: Path) -> None:
    data, url = tmp_path / "kiosk", default_kiosk_platform.base_url
    queued = _kiosk(data, url, "outbox", "rehearse", "--count", "4")
    assert queued.returncode == 0 and "queued 4" in queued.stdout
    run = _kiosk(data, url, "sync", "run", "--until-empty", "--max-s", "60")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "sent 4" in run.stdout
    cases = default_kiosk_platform.store.cases()
    assert len(cases) == 4 and all(len(c["materials"]) == 4 for c in cases)  # 2 pages, signature, face
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in [data / "outbox" / "outbox.sqlite3", *(data / "logs").glob("kiosk.log*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_rehearsal_reaches_an_independent_platform_with_errors_and_lost_answers(tmp_path: Path) -> None:
    """Issue 14's acceptance: 30 rehearsal applications to a §4.1 server answering 30 % errors and losing
    10 % of its answers arrive exactly once (from the server's own records)."""
    server = MinimalPlatform(errors=0.3, lost=0.1, seed=14)
    try:
        data = tmp_path / "kiosk"
        assert _kiosk(data, server.base_url, "outbox", "rehearse", "--count", "30").returncode == 0
        run = _kiosk(data, server.base_url, "sync", "run", "--until-empty", "--max-s", "100")
        assert run.returncode == 0, run.stderr[-2000:]
        assert "sent 30" in run.stdout
        assert server.injected.get("lost", 0) > 0 and sum(server.injected.values()) > 30
        assert len(server.cases) == 30  # one case per idempotency key: none lost, none twice
        box = Outbox.open(data, recover=False)
        try:
            assert sorted(e.case_no for e in box.list()) == sorted(str(c["case_no"]) for c in server.cases.values())
        finally:
            box.close()
    finally:
        server.stop()


def test_sync_run_says_why_it_did_not_drain(tmp_path: Path) -> None:
    data = tmp_path / "kiosk"
    assert _kiosk(data, "http://127.0.0.1:9", "outbox", "rehearse", "--count", "1").returncode == 0
    run = _kiosk(data, "http://127.0.0.1:9", "sync", "run", "--until-empty", "--max-s", "1")
    assert run.returncode == 4 and "time is up" in run.stderr and "no answer" in run.stderr
    refused = _kiosk(data, "http://127.0.0.1:9", "outbox", "rehearse", "--count", "5000")
    assert refused.returncode == 2 and "1 to 1000" in refused.stderr
    assert _kiosk(data, "http://127.0.0.1:9", "sync", "run", "--max-s", "0").returncode == 2


def test_echoed_names_id_numbers_and_phones_are_masked_before_they_are_kept(tmp_path: Path) -> None:
    app = application(1, name="欧阳秀英", phone="13912345678")
    echo = f"申请人 欧阳秀英 ({app.applicant['id_number']}, 13912345678) 的材料不全"
    garbage = GarbageServer()
    garbage.status = 400
    garbage.body = json.dumps({"error": {"code": "incomplete", "message": echo}}, ensure_ascii=False).encode()
    box = Outbox.open(tmp_path / "kiosk")
    try:
        queued = box.put(app)
        client = PlatformClient(garbage.base_url, KIOSK_ID, SECRET)
        delivery = Sender(box, client, RetryPolicy(0.01, 0.02)).deliver(box.claim())
        assert delivery.state == FAILED
        kept = box.find(queued.id).last_error + " ".join(a.detail for a in box.attempts(queued.id))
        assert "欧阳秀英" not in kept and "13912345678" not in kept and app.applicant["id_number"] not in kept
        assert "欧***" in kept and "材料不全" in kept
        listing = _kiosk(tmp_path / "kiosk", garbage.base_url, "outbox", "list")
        assert "欧阳秀英" not in listing.stdout + listing.stderr
    finally:
        box.close()
        garbage.stop()


def test_a_platform_that_keeps_answering_nonsense_fails_the_item_for_a_technician(tmp_path: Path) -> None:
    garbage = GarbageServer()
    garbage.body = b'{"not": "a case"}'
    box = Outbox.open(tmp_path / "kiosk")
    try:
        queued = box.put(application(2, sizes=()))
        sender = Sender(box, PlatformClient(garbage.base_url, KIOSK_ID, SECRET), RetryPolicy(0.001, 0.002))
        states = []
        while (item := box.claim()) is not None or box.find(queued.id).state == PENDING:
            if item is not None:
                states.append(sender.deliver(item).state)
        assert states == [PENDING, PENDING, FAILED]
        entry = box.find(queued.id)
        assert "malformed answer" in entry.last_error and "no answer" not in entry.last_error
    finally:
        box.close()
        garbage.stop()


def test_log_file_is_for_the_kiosk_user_only(tmp_path: Path) -> None:
    configure_logging("INFO", tmp_path / "logs")
    try:
        assert stat.S_IMODE((tmp_path / "logs" / "kiosk.log").stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    finally:
        configure_logging("INFO", None)

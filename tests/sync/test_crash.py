"""Kill the kiosk with SIGKILL at random moments while it submits through a faulty platform:
every application ends up on the platform exactly once, with intact materials, and nothing personal stays."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.platform.faults import parse_faults
from tests.sync.crash_client import SIZES
from tests.sync.helpers import material_bytes, sha256

ROOT = Path(__file__).resolve().parents[2]
N = 60
KILLS = 10


def _start(data_dir, base_url):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sync.crash_client", str(data_dir), base_url, str(N)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
def test_sigkill_while_submitting_loses_and_duplicates_nothing(platform, tmp_path):
    platform.set_faults(
        parse_faults("500=0.05,503=0.05,429=0.03,drop_before=0.04,drop_after=0.08,latency=0.005,retry_after=0,seed=11")
    )
    data_dir = tmp_path / "kiosk-data"
    rng = random.Random(2026)
    kills = 0
    for _ in range(KILLS):
        proc = _start(data_dir, platform.base_url)
        time.sleep(rng.uniform(0.5, 1.5))
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
    proc = _start(data_dir, platform.base_url)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert kills >= 3

    cases = platform.store.cases()
    visits = sorted(c["visit_id"] for c in cases)
    assert visits == sorted(f"crash-{i}" for i in range(N))  # exactly N cases, each once
    for case in cases:
        i = int(case["visit_id"].split("-")[1])
        expected = sorted(sha256(material_bytes(i * 100 + k, size)) for k, size in enumerate(SIZES))
        pages = sorted(m["sha256"] for m in case["materials"] if m["size"] in SIZES)
        assert pages == expected
        for m in case["materials"]:
            assert sha256(platform.store.upload_path(m["upload_id"]).read_bytes()) == m["sha256"]

    db = sqlite3.connect(data_dir / "outbox" / "outbox.sqlite3")
    assert db.execute("SELECT state, COUNT(*), SUM(payload IS NOT NULL) FROM items GROUP BY state").fetchall() == [
        ("sent", N, 0)
    ]
    assert db.execute("SELECT COUNT(*) FROM materials").fetchone()[0] == 0
    assert list((data_dir / "outbox" / "materials").iterdir()) == []
    case_by_visit = {c["visit_id"]: c["case_no"] for c in cases}
    local = dict(db.execute("SELECT visit_id, case_no FROM items").fetchall())
    assert local == case_by_visit  # the kiosk knows the very case numbers the platform issued

"""``kiosk platform serve``, ``kiosk doctor`` and ``kiosk outbox`` as a technician runs them."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.sync.outbox import Outbox
from kiosk.sync.ratings import RatingQueue
from kiosk.sync.vault import Vault
from tests.sync.helpers import SECRET, application, id_number

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(tmp_path, port, secret=SECRET, name="kiosk.toml"):
    path = tmp_path / name
    path.write_text(
        f'[kiosk]\nid = "KIOSK-T01"\ndata_dir = "data"\n\n[platform]\nbase_url = "http://127.0.0.1:{port}"\n'
        f'secret = "{secret}"\nembedded = false\n',
        encoding="utf-8",
    )
    return path


def _kiosk(*args, config, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK")}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    config = _config(tmp_path, port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(config),
            "platform",
            "serve",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "srv" / "p.sqlite3"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            time.sleep(0.05)
    yield port, config
    proc.terminate()
    proc.wait(10)


def test_serve_doctor_ok_then_wrong_secret_fails(served, tmp_path):
    port, config = served
    ok = _kiosk("doctor", "--json", config=config)
    checks = {c["name"]: c for c in json.loads(ok.stdout)}
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert checks["platform_reachable"]["status"] == "ok"
    assert checks["signature_accepted"]["status"] == "ok"
    assert checks["clock_skew"]["status"] == "ok" and checks["ca_bundle"]["status"] == "ok"
    assert checks["outbox_depth"]["detail"].startswith("0 pending")
    bad = _kiosk("doctor", config=_config(tmp_path, port, secret="wrong-secret-000", name="bad.toml"))
    assert bad.returncode == 1
    assert "signature_accepted" in bad.stdout and "FAIL" in bad.stdout and "platform.secret" in bad.stdout


def test_serve_refuses_busy_port_and_bad_faults(served, tmp_path):
    port, config = served
    busy = _kiosk("platform", "serve", "--port", str(port), "--db", str(tmp_path / "x.sqlite3"), config=config)
    assert busy.returncode == 1 and "already in use" in busy.stderr
    bad = _kiosk("platform", "serve", "--port", "0", "--faults", "boom=1", config=config)
    assert bad.returncode == 2 and "unknown fault" in bad.stderr


def test_doctor_reports_unreachable_platform(tmp_path):
    result = _kiosk("doctor", config=_config(tmp_path, _free_port()))
    assert result.returncode == 1 and "platform_reachable" in result.stdout and "FAIL" in result.stdout


def test_outbox_list_show_retry(tmp_path):
    config = _config(tmp_path, _free_port())
    box = Outbox.open(tmp_path / "data")
    ok = box.put(application(1))
    bad = box.put(application(2, id_no=id_number(2)))
    box.mark_failed(box.claim(), "HTTP 400 [invalid_id_number]: applicant.id_number is not valid", status=400)
    ratings = RatingQueue(box.directory / "ratings.sqlite3", Vault.open(tmp_path / "data" / "keys" / "outbox.key"))
    ratings.put("visit-1", 5, [], "")
    ratings.close()
    box.close()
    assert "ratings waiting for the platform: 1" in _kiosk("outbox", "list", config=config).stdout
    listing = _kiosk("outbox", "list", "--json", config=config)
    rows = {r["local_ref"]: r for r in json.loads(listing.stdout)}
    assert rows[ok.local_ref]["state"] == "failed" or rows[bad.local_ref]["state"] == "failed"
    assert "张三" not in listing.stdout and id_number(1) not in listing.stdout
    failed_ref = next(r for r in rows if rows[r]["state"] == "failed")
    text = _kiosk("outbox", "list", "--state", "failed", config=config).stdout
    assert failed_ref in text and "invalid_id_number" in text
    shown = _kiosk("outbox", "show", failed_ref, config=config).stdout
    assert "attempts:" in shown and "failed" in shown
    retried = _kiosk("outbox", "retry", failed_ref, config=config)
    assert retried.returncode == 0 and "queued again" in retried.stdout
    assert _kiosk("outbox", "retry", failed_ref, config=config).returncode == 1  # no longer failed
    box = Outbox.open(tmp_path / "data")
    assert box.depth().failed == 0 and box.find(failed_ref).state == "pending"
    box.close()

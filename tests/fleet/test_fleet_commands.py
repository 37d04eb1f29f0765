"""``kiosk fleet report --once`` and ``kiosk fleet status`` as a technician runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fleet.test_agent import Watcher

ROOT = Path(__file__).resolve().parents[2]


def _kiosk(tmp_path: Path, port: int, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KIOSK__KIOSK__DATA_DIR": str(tmp_path / "data"),
        "KIOSK__FLEET__BROKER_URL": f"mqtt://127.0.0.1:{port}",
        "KIOSK__KIOSK__ID": "KIOSK-CLI",
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "fleet", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_report_once_reaches_the_broker_and_status_reads_it_back(broker: int, tmp_path: Path) -> None:
    watcher = Watcher(broker)
    result = _kiosk(tmp_path, broker, "report", "--once")
    assert result.returncode == 0, result.stderr
    report = watcher.wait_for("kiosk/KIOSK-CLI/health")
    assert report["outbox_depth"] == 0 and report["kiosk_id"] == "KIOSK-CLI"
    watcher.publish("kiosk/KIOSK-CLI/config/desired", {"version": 3, "config": {"ui.idle_timeout_s": 60}}, True)
    status = _kiosk(tmp_path, broker, "status", "--wait", "1")
    assert status.returncode == 0
    retained = json.loads(status.stdout)["retained"]
    assert json.loads(retained["kiosk/KIOSK-CLI/config/desired"])["version"] == 3
    assert "kiosk/KIOSK-CLI/state" not in retained  # a one-off report never claims the kiosk is online
    watcher.close()


def test_no_broker_is_a_clear_failure(tmp_path: Path) -> None:
    result = _kiosk(tmp_path, 9, "report", "--once", "--timeout", "2")
    assert result.returncode == 1 and "did not take the report" in result.stderr
    assert "Traceback" not in result.stderr
    status = _kiosk(tmp_path, 9, "status")
    assert status.returncode == 1 and "cannot reach" in status.stderr

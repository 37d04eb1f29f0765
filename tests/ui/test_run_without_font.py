"""``kiosk run`` on a machine without a Chinese font: one log line saying what to install, home drawn anyway,
never a traceback (a technician must see the kiosk and the reason, not a crash)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_kiosk_run_without_font_logs_one_line_and_draws_home(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KIVY_NO_ARGS": "1",
        "KIVY_HOME": str(tmp_path / "kivy"),
        "KIOSK__KIOSK__DATA_DIR": str(tmp_path / "data"),
        "KIOSK__PLATFORM__BASE_URL": f"http://127.0.0.1:{_free_port()}",
        "KIOSK__UI__FONT_PATH": str(tmp_path / "missing.ttf"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "screens", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 90
    try:
        for line in proc.stderr:
            lines.append(line)
            if '"home_drawn"' in line or time.monotonic() > deadline:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    text = "".join(lines) + rest
    assert "Traceback" not in text
    events = [json.loads(line).get("event") for line in text.splitlines() if line.startswith("{")]
    assert events.count("font_missing") == 1
    assert "home_drawn" in events, text[-2000:]
    font_line = next(line for line in text.splitlines() if '"font_missing"' in line)
    assert "missing.ttf does not exist" in font_line

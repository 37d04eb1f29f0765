"""docs/platform-api.json is the contract handed to provinces: it must be exactly what the code serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "platform-api.json"


def _generated() -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "platform", "openapi"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def test_committed_document_is_what_the_code_serves() -> None:
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == _generated(), (
        "docs/platform-api.json is stale: .venv/bin/kiosk platform openapi > docs/platform-api.json"
    )


def test_document_states_the_exact_shapes_of_section_4_1() -> None:
    doc = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    head = doc["paths"]["/api/v1/uploads/{upload_id}"]["head"]["responses"]["200"]["headers"]
    assert {"Upload-Offset", "Upload-Length"} <= set(head)
    put = doc["paths"]["/api/v1/uploads/{upload_id}"]["put"]
    assert "Upload-Offset" in put["responses"]["409"]["headers"]
    assert any(p["name"] == "X-Content-SHA256" for p in put["parameters"])
    at = doc["components"]["schemas"]["TimelineEntry"]["properties"]["at"]
    assert at["format"] == "date-time"
    pattern = next(p for p in put["parameters"] if p["name"] == "upload_id")["schema"]["pattern"]
    assert pattern == "^[A-Za-z0-9._~-]{1,128}$"

"""``kiosk devices test camera``, the video-device scan and the ``[devices.camera]`` settings."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from pydantic import ValidationError

from devices.camera import scan
from devices.camera.synthetic import desk_photo
from kiosk.cli import main
from kiosk.settings.camera import CameraSection
from tests.devices.camera.helpers import qr_frame


def test_cli_writes_images_and_summary(tmp_path, face_frame, monkeypatch):
    frames = tmp_path / "frames"
    frames.mkdir()
    cv2.imwrite(str(frames / "1.png"), face_frame)
    cv2.imwrite(str(frames / "2.jpg"), desk_photo(np.random.default_rng(8), (1296, 972), background="dark").image)
    cv2.imwrite(str(frames / "3.png"), qr_frame("TZ-QUERY-42"))
    monkeypatch.setenv("KIOSK__DEVICES__CAMERA__HOLD_S", "1.0")
    out = tmp_path / "out"
    code = main(
        ["devices", "test", "camera", "--source", str(frames), "--out", str(out), "--timeout", "6", "--qr-seconds", "4"]
    )
    assert code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["ok"] is True
    assert summary["face"]["status"] == "accepted" and (out / "face.jpg").stat().st_size > 1000
    assert summary["document"]["status"] == "accepted" and len(summary["document"]["corners"]) == 4
    assert (out / "page.pdf").read_bytes().startswith(b"%PDF")
    assert {"text": "TZ-QUERY-42", "symbology": "QR"} in summary["codes"]
    assert cv2.imread(str(out / "frame.jpg")) is not None


def test_cli_reports_a_camera_without_frames(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["devices", "test", "camera", "--source", str(tmp_path / "nothing.avi"), "--out", str(out), "--timeout", "1"]
    )
    assert code == 1
    assert "no frames" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["ok"] is False and summary["status"]["state"] == "offline"


def test_scan_lists_video_devices(monkeypatch):
    monkeypatch.setattr(scan.glob, "glob", lambda pattern: ["/dev/video10", "/dev/video2"])
    found = scan.scan()
    assert [d["path"] for d in found] == ["/dev/video2", "/dev/video10"]
    assert all(d["kind"] == "camera" and d["description"] for d in found)


def test_scan_on_this_machine_returns_plain_data():
    for item in scan.scan():
        assert set(item) == {"kind", "path", "description"}


def test_settings_defaults_and_checks():
    section = CameraSection()
    assert section.material_budget_kb == 2048 and section.document_steady_s == 0.5
    with pytest.raises(ValidationError, match="face_min_width"):
        CameraSection(face_min_width=0.5, face_max_width=0.4)
    with pytest.raises(ValidationError):
        CameraSection(fault="fire")
    with pytest.raises(ValidationError):
        CameraSection(unknown_key=1)

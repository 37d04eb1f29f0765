"""``kiosk handwriting recognize`` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main


def test_recognize_prints_json(tmp_path: Path, strokes: dict, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ju.json"
    f.write_text(json.dumps(strokes["居"]), encoding="utf-8")
    assert main(["handwriting", "recognize", str(f), "--top", "10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 10
    assert out[0]["char"] == "居"


def test_recognize_prints_ranked_lines(tmp_path: Path, strokes: dict, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "zheng.json"
    f.write_text(json.dumps(strokes["证"]), encoding="utf-8")
    assert main(["handwriting", "recognize", str(f), "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[:2] == ["1", "证"]


def test_bad_strokes_exit_65(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.json"
    f.write_text("[[[2000, 1]]]", encoding="utf-8")
    assert main(["handwriting", "recognize", str(f)]) == 65
    assert "stroke 1" in capsys.readouterr().err


def test_missing_model_exit_69(tmp_path: Path, strokes: dict, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ju.json"
    f.write_text(json.dumps(strokes["居"]), encoding="utf-8")
    assert main(["handwriting", "recognize", str(f), "--model", str(tmp_path / "x.model")]) == 69
    assert "model not found" in capsys.readouterr().err

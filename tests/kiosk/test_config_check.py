"""``kiosk config check``: the embedded default passes; each kind of mistake is named for a technician."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.settings import DEFAULT_CONFIG, describe_keys, load_settings

GOOD = DEFAULT_CONFIG.read_text(encoding="utf-8")


def check(tmp_path: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    code = main(["config", "check", "--config", str(path)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_embedded_default_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check"]) == 0
    assert "configuration OK" in capsys.readouterr().out


BAD = [
    ("unknown key", "[kiosk]\nhall_nmae = 'x'\n", ["kiosk.hall_nmae", "unknown key"]),
    ("unknown section", "[printers]\nx = 1\n", ["printers", "unknown key"]),
    ("wrong type", "[ui]\nwidth = 'wide'\n", ["ui.width", "wrong type"]),
    ("out of range", "[ui]\nidle_timeout_s = 2\n", ["ui.idle_timeout_s", "out of range", "10"]),
    ("not allowed value", "[ui]\nlanguage = 'fr'\n", ["ui.language", "'zh-CN'", "'en'"]),
    ("serial without port", "[devices.idcard]\nbackend = 'samv'\n", ["devices.idcard", "port"]),
    ("unknown backend", "[devices.printer]\nbackend = 'laser'\n", ["devices.printer.backend", "network"]),
    ("unreadable CA", "[platform]\nca_bundle = 'missing-ca.pem'\n", ["platform.ca_bundle", "cannot be read"]),
    ("bad URL", "[platform]\nbase_url = 'ftp://x'\n", ["platform.base_url", "http://"]),
    ("bad PIN", "[admin]\npin = '12ab'\n", ["admin.pin", "12ab"]),
    ("bad kiosk id", "[kiosk]\nid = 'kiosk one'\n", ["kiosk.id"]),
    ("port out of range", "[devices.printer]\nport = 70000\n", ["devices.printer.port", "65535"]),
    ("short secret", "[platform]\nsecret = 'abc'\n", ["platform.secret", "8"]),
    ("not TOML", "[ui\nwidth = 1\n", ["not valid TOML"]),
]


@pytest.mark.parametrize(("kind", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_is_rejected_with_key_problem_and_allowed(
    kind: str, text: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(tmp_path, text, capsys)
    assert code == 78, output
    for fragment in expected:
        assert fragment in output, f"{kind}: {fragment!r} missing from {output!r}"


def test_not_utf8_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check(tmp_path, "[kiosk]\nhall_name = '政务'\n".encode("gb18030"), capsys)
    assert code == 78
    assert "not UTF-8" in output


def test_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["config", "check", "--config", str(tmp_path / "nope.toml")])
    assert code == 78
    assert "cannot be read" in capsys.readouterr().err


def test_unreadable_ca_file_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    ca.chmod(0)
    import os

    if os.geteuid() == 0:  # root reads anything: use a directory, which cannot be read as a file
        ca.chmod(0o600)
        ca.unlink()
        ca.mkdir()
    code, output = check(tmp_path, f"[platform]\nca_bundle = '{ca}'\n", capsys)
    assert code == 78
    assert "platform.ca_bundle" in output


def test_every_problem_is_listed_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check(tmp_path, "[ui]\nwidth = 'x'\nheight = 1\n[admin]\npin = 'a'\n", capsys)
    assert code == 78
    assert "3 problem(s)" in output


def test_environment_overrides_secrets(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(GOOD, encoding="utf-8")
    settings = load_settings(
        path, environ={"KIOSK__PLATFORM__SECRET": "from-the-environment", "KIOSK__ADMIN__PIN": "13579"}
    )
    assert settings.platform.secret == "from-the-environment"
    assert settings.admin.pin == "13579"


def test_kiosk_config_env_selects_file(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text("[kiosk]\nid = 'HALL-7'\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "check"],
        capture_output=True,
        text=True,
        env={"KIOSK_CONFIG": str(path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "HALL-7" in out.stdout


def test_relative_data_dir_is_relative_to_config_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\ndata_dir = 'data'\n", encoding="utf-8")
    assert load_settings(path, environ={}).kiosk.data_dir == tmp_path / "data"


def test_docs_lists_every_key_with_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "docs"]) == 0
    out = capsys.readouterr().out
    keys = describe_keys()
    assert len(keys) > 30
    for key, _default, meaning in keys:
        assert f"`{key}`" in out
        assert meaning, f"{key} has no description"

"""``kiosk devices test idcard`` and ``kiosk devices scan`` against the simulators and a real pcscd."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from devices.base import CardRead, CardRemoved, DeviceState, StatusChanged
from devices.idcard.scan import scan
from devices.idcard.virtual_sscard import ForeignCardApplet, SocialSecurityApplet
from devices.identity import DocumentType
from kiosk.cli import main

from .conftest import VPCD_READER, wait_reader_empty

ROOT = Path(__file__).resolve().parents[3]


def run(*argv: str) -> int:
    return main(["devices", "test", "idcard", *argv])


def test_samv_read_prints_every_field_and_photo_digest_never_bytes(sam_sim, samples, capsys):
    sam_sim.module.place(samples[4])
    assert run("--backend", "samv", "--port", sam_sim.port, "--timeout", "10", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == "玛丽亚" and out["document_type"] == "foreign_permanent_2023"
    assert out["english_name"] == samples[4].english_name
    assert out["birth_date"] == "1983-05-14" and out["valid_long_term"] is False
    assert out["photo"] == {"length": 1024, "sha256": hashlib.sha256(samples[4].photo).hexdigest()}
    assert out["photo_image"] == {"length": 0, "sha256": ""}
    assert set(out) == {
        "name",
        "id_number",
        "document_type",
        "sex",
        "nation",
        "birth_date",
        "address",
        "issuer",
        "valid_from",
        "valid_to",
        "valid_long_term",
        "english_name",
        "id_number_valid",
        "photo",
        "photo_image",
        "extra",
    }


def test_samv_text_output(sam_sim, samples, capsys):
    sam_sim.module.place(samples[0])
    assert run("--backend", "samv", "--port", sam_sim.port, "--timeout", "10") == 0
    out = capsys.readouterr().out
    assert "name: 张伟" in out and "photo: 1024 bytes, sha256" in out


def test_no_card_within_timeout_exits_2(sam_sim, capsys):
    assert run("--backend", "samv", "--port", sam_sim.port, "--timeout", "0.5") == 2
    assert "no card within 0.5 s" in capsys.readouterr().err


def test_missing_port_exits_3_with_the_reason(tmp_path, capsys):
    assert run("--backend", "samv", "--port", str(tmp_path / "ttyUSB9"), "--timeout", "5") == 3
    assert "not present" in capsys.readouterr().err


def test_sam_failure_exits_3(sam_sim, capsys):
    from devices.idcard.sam_module import SamFault

    sam_sim.module.inject(SamFault.SAM_FAILURE)
    assert run("--backend", "samv", "--port", sam_sim.port, "--timeout", "5") == 3
    assert "SAM self-test failed" in capsys.readouterr().err


def test_samv_without_port_is_a_configuration_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        run("--backend", "samv", "--timeout", "1")
    assert exit_.value.code == 78
    assert "needs 'port'" in capsys.readouterr().err


def test_pcsc_read_and_unsupported_card(virtual_card, samples, capsys):
    social = next(s for s in samples if s.document_type is DocumentType.SOCIAL_SECURITY_CARD)
    virtual_card.insert(SocialSecurityApplet(social))
    assert run("--backend", "pcsc", "--reader", "00 00", "--timeout", "10", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["document_type"] == "social_security_card" and out["extra"]["region"] == "370400"
    virtual_card.insert(ForeignCardApplet())
    assert run("--backend", "pcsc", "--reader", "00 00", "--timeout", "10") == 3
    assert "unsupported card" in capsys.readouterr().err


def test_pcsc_reader_missing_exits_3(pcscd, capsys):
    assert run("--backend", "pcsc", "--reader", "No Such Reader", "--timeout", "5") == 3
    assert "no PC/SC reader" in capsys.readouterr().err


def test_scan_lists_pcsc_readers_as_dicts(pcscd):
    found = scan()
    assert all(set(item) == {"kind", "path", "description"} for item in found)
    assert {"kind": "pcsc", "path": VPCD_READER, "description": "PC/SC reader (social security card)"} in found


def test_devices_scan_command_prints_them(pcscd, capsys):
    assert main(["devices", "scan", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(item["path"] == VPCD_READER for item in listed)


def _spawn(*argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


def test_sam_simulator_runs_as_a_technician_tool(tmp_path, events):
    from devices.idcard.samv import SamvIdCardReader

    sim = _spawn("devices.idcard.sam_simulator", "--link", str(tmp_path / "ttySAM0"), "--card", "2")
    try:
        port = sim.stdout.readline().strip()
        reader = SamvIdCardReader(port=port, poll_interval_s=0.05)
        reader.add_listener(events)
        reader.start()
        try:
            read = events.wait_for(lambda e: isinstance(e, CardRead))
            assert read.identity.document_type is DocumentType.HMT_RESIDENCE_PERMIT
            sim.stdin.write("unplug\n")
            sim.stdin.flush()
            assert sim.stdout.readline().strip() == "ok"
            events.wait_for(lambda e: isinstance(e, StatusChanged) and e.status.state is DeviceState.OFFLINE)
        finally:
            reader.stop()
    finally:
        sim.communicate("quit\n", timeout=10)
    assert sim.returncode == 0


def test_virtual_card_runs_as_a_technician_tool(pcscd, events):
    from devices.idcard.pcsc import PcscIdCardReader

    reader = PcscIdCardReader(reader="00 00")
    reader.add_listener(events)
    reader.start()
    card = _spawn("devices.idcard.virtual_sscard", "--card", "5")
    try:
        assert "vpcd 127.0.0.1:35963" in card.stdout.readline()
        assert events.wait_for(lambda e: isinstance(e, CardRead)).identity.name == "李强"
        card.stdin.write("remove\n")
        card.stdin.flush()
        assert card.stdout.readline().strip() == "ok"
        events.wait_for(lambda e: isinstance(e, CardRemoved))
    finally:
        card.communicate("quit\n", timeout=10)
        reader.stop()
        wait_reader_empty()
    assert card.returncode == 0


def test_simulated_backend_reads_its_first_sample(capsys):
    assert run("--backend", "simulated", "--timeout", "5", "--json") == 0
    assert json.loads(capsys.readouterr().out)["name"] == "张伟"


def test_a_transient_fault_is_waited_out_and_the_card_read(sam_sim, samples, capsys):
    from devices.idcard.sam_module import SamFault

    sam_sim.module.inject(SamFault.SAM_FAILURE, times=2)  # the module fails twice, then recovers
    sam_sim.module.place(samples[0])
    assert run("--backend", "samv", "--port", sam_sim.port, "--timeout", "10", "--json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["name"] == samples[0].name
    assert "still waiting" in captured.err


def test_pcsc_pin_given_on_the_command_line(virtual_card, samples, capsys):
    social = next(s for s in samples if s.document_type is DocumentType.SOCIAL_SECURITY_CARD)
    virtual_card.insert(SocialSecurityApplet(social, pin="123456"))
    assert run("--backend", "pcsc", "--reader", "00 00", "--timeout", "10", "--pin", "123456", "--json") == 0
    assert json.loads(capsys.readouterr().out)["name"] == social.name
    virtual_card.insert(SocialSecurityApplet(social, pin="123456"))
    assert run("--backend", "pcsc", "--reader", "00 00", "--timeout", "10", "--pin", "12") == 3
    assert "6 位数字" in capsys.readouterr().err

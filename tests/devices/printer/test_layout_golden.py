"""Byte-exact golden tests: receipts and tickets in both widths. Regenerate with UPDATE_GOLDEN=1 after a
deliberate layout change, look at the previews (``kiosk receipt preview``), and commit the new files."""

import os
from pathlib import Path

import pytest

from devices.printer.document import Barcode, Feed, Field, QrCode, Rule, Text
from devices.printer.layout import render_job
from devices.printer.profile import PrinterProfile, load_profile
from kiosk.receipts import build_receipt_job, build_ticket_job, sample_receipt, sample_ticket
from tests.devices.printer.conftest import PROFILES

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "receipt-80mm": lambda p: build_receipt_job(sample_receipt(), p),
    "receipt-offline-80mm": lambda p: build_receipt_job(sample_receipt("TZ-20261124-0001", offline=True), p),
    "receipt-80mm-raster-qr": lambda p: build_receipt_job(sample_receipt(), p, native_qr=False),
    "ticket-80mm": lambda p: build_ticket_job(sample_ticket(), p),
    "receipt-58mm": lambda p: build_receipt_job(sample_receipt(), p),
    "ticket-58mm": lambda p: build_ticket_job(sample_ticket(), p),
    "receipt-58mm-gbk": lambda p: build_receipt_job(sample_receipt(), p),
    "receipt-80mm-utf8": lambda p: build_receipt_job(sample_receipt(), p),
}
PROFILE_OF = {"80mm": "generic-80mm", "58mm": "generic-58mm", "gbk": "pos58-gbk", "utf8": "kiosk-kp80-utf8"}


def profile_for(case: str) -> PrinterProfile:
    key = next(k for k in ("gbk", "utf8", "58mm", "80mm") if k in case)
    return load_profile(PROFILES / f"{PROFILE_OF[key]}.toml")


@pytest.mark.parametrize("case", sorted(CASES))
def test_job_bytes_match_golden(case):
    data = CASES[case](profile_for(case))
    golden = GOLDEN / f"{case}.bin"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(data)
    assert golden.exists(), f"{golden.name} missing: run with UPDATE_GOLDEN=1"
    expected = golden.read_bytes()
    if data != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(data, expected, strict=False)) if a != b), min(len(data), len(expected))
        )
        pytest.fail(f"{case}: differs from golden at byte {at}: {data[at : at + 24]!r} != {expected[at : at + 24]!r}")


def test_small_job_is_exactly_the_commands_we_mean(profile80):
    data = render_job([Text("你好，￥", align="center", bold=True)], profile80)
    style = b"\x1d!\x00" + b"\x1bE\x01" + b"\x1ba\x01"  # GS ! size 1x1, ESC E bold, ESC a centre
    reset = b"\x1d!\x00" + b"\x1bE\x00" + b"\x1ba\x00"
    assert data == (
        b"\x1b@" + b"\x1c&" + style + "你好，￥".encode("gb18030") + b"\n" + reset + b"\x1bd\x06" + b"\x1dV\x01"
    )  # feed 6 lines, partial cut


def test_utf8_profile_sends_utf8_and_no_chinese_mode():
    profile = load_profile(PROFILES / "kiosk-kp80-utf8.toml")
    data = render_job([Text("回执：￥")], profile)
    assert data.startswith(b"\x1b@\x1d!")
    assert "回执：￥".encode() in data
    assert b"\x1dV\x00" in data  # full cut on this model


def test_no_cutter_profile_feeds_instead_of_cutting(profile58):
    data = render_job([Text("x")], profile58)
    assert data.endswith(b"\x1bd\x04") and b"\x1dV" not in data


def test_native_and_raster_qr(profile80):
    native = render_job([QrCode("KIOSKQ1:TZ1")], profile80)
    raster = render_job([QrCode("KIOSKQ1:TZ1")], profile80, native_qr=False)
    assert b"\x1d(k" in native and b"KIOSKQ1:TZ1" in native and b"\x1dv0" not in native
    assert b"\x1dv0" in raster and b"\x1d(k" not in raster
    assert len(raster) > 5 * len(native)


def test_58mm_layout_puts_long_values_below_their_label(profile58, profile80):
    field = Field("送达方式", "邮寄送达 山东省枣庄市滕州市荆河街道杏坛路12号")
    narrow = render_job([field], profile58).decode("gb18030", errors="replace")
    wide = render_job([field], profile80).decode("gb18030", errors="replace")
    assert "送达方式：\n  邮寄送达" in narrow
    assert "送达方式：邮寄送达" in wide


def test_big_text_steps_down_a_size_rather_than_breaking(profile58):
    data = render_job([Text("滕州市政务服务中心", size=2)], profile58)
    assert b"\x1d!\x00" + b"\x1bE\x00" in data and b"\x1d!\x11" not in data
    data80 = render_job([Text("滕州市政务服务中心", size=2)], load_profile(PROFILES / "generic-80mm.toml"))
    assert b"\x1d!\x11" in data80


def test_barcode_that_cannot_fit_is_left_out_with_a_warning(profile58, caplog):
    data = render_job([Barcode("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Rule(), Feed(2)], profile58)
    assert b"\x1dk" not in data
    assert "barcode skipped" in caplog.text
    assert b"\x1dkI" in render_job([Barcode("TZ2026112400123")], profile58)

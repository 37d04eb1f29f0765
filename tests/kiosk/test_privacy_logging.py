"""Masking: ID numbers, phones and remembered names never reach a log line in clear."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from devices.idnumber import check_char
from kiosk.logging_setup import JsonFormatter, MaskingFilter, configure_logging
from kiosk.privacy import Redactor, mask_id_number, mask_name, mask_phone, mask_text

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.integers(110000, 659999))
    birth = draw(st.dates()).strftime("%Y%m%d")
    seq = draw(st.integers(0, 999))
    first17 = f"{region:06d}{birth[-8:]:0>8}{seq:03d}"[:17]
    return first17 + check_char(first17)


@given(id_numbers(), st.text(max_size=20), st.text(max_size=20))
def test_id_numbers_in_any_text_are_masked(number: str, before: str, after: str) -> None:
    text = f"{before} {number} {after}"
    masked = mask_text(text)
    assert number not in masked
    assert mask_id_number(number) in masked
    assert mask_id_number(number) == number[:4] + "*" * 10 + number[-4:]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phones_are_masked(phone: str) -> None:
    masked = mask_text(f"电话{phone}。")
    assert phone not in masked
    assert mask_phone(phone) in masked


def test_names_are_masked_once_remembered() -> None:
    redactor = Redactor()
    assert mask_name("欧阳娜娜") == "欧***"
    redactor.remember("欧阳娜娜", "")
    assert redactor.redact("name=欧阳娜娜 id=11010519491231002X") == "name=欧*** id=1101**********002X"


@given(id_numbers())
def test_log_filter_masks_message_args_extras_and_exceptions(number: str) -> None:
    redactor = Redactor()
    redactor.remember("李四")
    record = logging.makeLogRecord(
        {"msg": "read %s for %s", "args": (number, "李四"), "levelno": 20, "levelname": "INFO", "holder": number}
    )
    try:
        raise ValueError(f"bad card {number}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    MaskingFilter(redactor).filter(record)
    line = JsonFormatter().format(record)
    assert number not in line and "李四" not in line
    parsed = json.loads(line)
    assert parsed["msg"] == f"read {mask_id_number(number)} for 李*"
    assert parsed["holder"] == mask_id_number(number)
    assert mask_id_number(number) in parsed["exc"]


def test_log_file_on_disk_holds_no_clear_personal_data(tmp_path: Path) -> None:
    from kiosk.privacy import REDACTOR

    configure_logging("INFO", tmp_path)
    try:
        REDACTOR.remember("王小明")
        logging.getLogger("kiosk.test").info("card 11010519491231002X of 王小明, phone 13912345678")
    finally:
        REDACTOR.forget_all()
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_kiosk", False):
                handler.close()
                logging.getLogger().removeHandler(handler)
    data = (tmp_path / "kiosk.log").read_bytes()
    for secret in ("11010519491231002X", "王小明", "13912345678"):
        assert secret.encode() not in data
    assert json.loads(data.decode().strip().splitlines()[-1])["msg"].startswith("card 1101**********002X")


def test_known_library_noise_is_a_short_info_line_and_real_criticals_stay(tmp_path: Path) -> None:
    configure_logging("INFO", tmp_path)
    try:
        kivy = logging.getLogger("kivy")
        kivy.critical(
            "Cutbuffer: Unable to find any valuable Cutbuffer provider. Please enable debug "
            "logging\nxclip - FileNotFoundError: [Errno 2] No such file or directory: 'xclip'"
        )
        kivy.critical("Window: Unable to find any valuable Window provider.")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_kiosk", False):
                handler.close()
                logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in (tmp_path / "kiosk.log").read_text(encoding="utf-8").splitlines()]
    assert [(x["level"], x["msg"][:10]) for x in lines] == [("INFO", "Cutbuffer:"), ("CRITICAL", "Window: Un")]
    assert "FileNotFoundError" not in lines[0]["msg"]

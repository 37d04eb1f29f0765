from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.printer.document import Barcode, Field, QrCode, Text
from kiosk.receipts import (
    REFERENCE_RE,
    Delivery,
    ReceivedMaterial,
    parse_progress_qr,
    progress_qr_payload,
    receipt_blocks,
    receipt_job_id,
    sample_receipt,
    sample_ticket,
    ticket_blocks,
)

references = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9-]{2,39}\Z")


def fields(blocks) -> dict[str, str]:
    return {b.label: b.value for b in blocks if isinstance(b, Field)}


def test_receipt_content_masks_the_id_number_and_carries_the_case():
    blocks = receipt_blocks(sample_receipt("TZ2026112400123"))
    f = fields(blocks)
    assert f["证件号码"] == "1101**********002X"
    assert f["申请人"] == "张三"
    assert f["办件编号"] == "TZ2026112400123"
    assert f["一件事"].startswith("企业开办")
    assert f["承诺办结"] == "2026-11-27（3 个工作日）"
    assert f["申请时间"] == "2026-11-24 10:32"
    assert QrCode("KIOSKQ1:TZ2026112400123") in blocks and Barcode("TZ2026112400123") in blocks
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert any("电子证照复用" in t for t in texts) and any("现场拍摄 2 页" in t for t in texts)
    assert not any("11010519491231002X" in str(b) for b in blocks)


def test_offline_receipt_uses_the_local_reference_and_says_the_case_number_follows():
    blocks = receipt_blocks(sample_receipt("TZ-20261124-0001", offline=True))
    f = fields(blocks)
    assert "办件编号" not in f and f["受理号"] == "TZ-20261124-0001"
    assert any(isinstance(b, Text) and "办件编号将稍后生成" in b.text for b in blocks)
    assert QrCode("KIOSKQ1:TZ-20261124-0001") in blocks


def test_receipt_without_any_reference_is_refused():
    with pytest.raises(ValueError, match="case number"):
        receipt_blocks(replace(sample_receipt(), case_no=None, local_ref=None))


def test_single_item_pickup_and_no_promise():
    receipt = replace(
        sample_receipt(),
        is_bundle=False,
        bundle_items=(),
        delivery=Delivery(),
        promised_date=None,
        materials=(ReceivedMaterial("户口簿", "paper"),),
    )
    f = fields(receipt_blocks(receipt))
    assert "办理事项" in f and "一件事" not in f and "承诺办结" not in f
    assert f["送达方式"] == "窗口自取（凭本回执）"


def test_postal_delivery_shortens_the_address_and_masks_the_phone():
    text = Delivery("post", "山东省枣庄市滕州市荆河街道杏坛路12号", "13812345678").describe()
    assert "13812345678" not in text and "138****5678" in text
    assert "杏坛路12号" not in text and text.startswith("邮寄送达 山东省枣庄市")


def test_ticket_content():
    blocks = ticket_blocks(sample_ticket())
    assert Text("A023", align="center", bold=True, size=4) in blocks
    f = fields(blocks)
    assert f["前面等候"] == "7 人" and f["窗口区域"].startswith("二楼") and f["办理事项"].startswith("不动产")


def test_job_id_comes_from_the_application():
    assert receipt_job_id("5f0c") == receipt_job_id("5f0c") != receipt_job_id("5f0d")


@given(references)
def test_qr_payload_round_trips(case_no):
    assert parse_progress_qr(progress_qr_payload(case_no)) == case_no
    url = progress_qr_payload(case_no, "https://zwfw.example.gov.cn/q")
    assert url.startswith("https://zwfw.example.gov.cn/q?case=")
    assert parse_progress_qr(url) == case_no


@given(st.text(max_size=60))
def test_parse_never_crashes_and_only_accepts_our_format(text):
    result = parse_progress_qr(text)
    assert result is None or (text.strip().startswith(("KIOSKQ1:", "http")) and REFERENCE_RE.match(result))


@pytest.mark.parametrize(
    "text", ["", "hello", "KIOSKQ1:", "KIOSKQ1:a b", "KIOSKQ1:-X1", "https://x/q?case=1&case=2", "https://x/q?id=TZ1"]
)
def test_parse_rejects_foreign_codes(text):
    assert parse_progress_qr(text) is None


@pytest.mark.parametrize("bad", ["", "x", "TZ 1", "张三123", "A" * 41])
def test_payload_refuses_bad_references(bad):
    with pytest.raises(ValueError):
        progress_qr_payload(bad)


def test_promised_date_without_day_count():
    receipt = replace(sample_receipt(), promised_date=date(2026, 12, 1), promised_days=None)
    assert fields(receipt_blocks(receipt))["承诺办结"] == "2026-12-01"


def test_english_citizens_get_english_beside_the_chinese():
    blocks = receipt_blocks(sample_receipt("TZ2026112400123", english=True))
    f = fields(blocks)
    assert f["办件编号 Case no."] == "TZ2026112400123" and f["申请人 Applicant"] == "张三"
    texts = [b.text for b in blocks if isinstance(b, Text)]
    for line in (
        "Starting a business",
        "Company registration",
        "Resident ID card (electronic licence reused)",
        "Proof of business premises (2 page(s) photographed)",
        "By post to your address",
        "Questions: ask at a service window",
    ):
        assert any(t.strip().startswith(line) for t in texts), line
    chinese = receipt_blocks(sample_receipt("TZ2026112400123"))
    assert not any("Case no." in str(b) or "Resident ID card" in str(b) for b in chinese)


def test_english_ticket_and_english_lines_left_out_where_there_is_none():
    f = fields(ticket_blocks(sample_ticket(english=True)))
    assert f["前面等候 Waiting"] == "7 人 (7 people)" and "窗口区域 Window" in f
    receipt = replace(sample_receipt(english=True), service_en="", bundle_items_en=())
    texts = [b.text for b in receipt_blocks(receipt) if isinstance(b, Text)]
    assert not any(t.strip() == "" for t in texts), "no empty English lines"

"""Review, delivery, submission, receipt and rating without the UI: the real outbox, the reference
platform over loopback HTTP, the simulated printer over TCP and the real catalog."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from devices.printer.status import Paper
from kiosk.journey.rehearsal import fill_until_review
from kiosk.journey.submission import (
    CaseNumberArrived,
    RatingDone,
    ReceiptPrinted,
    SubmissionError,
    SubmissionProgress,
    captured_pages,
    sniff_content_type,
)
from kiosk.platform.faults import Faults
from kiosk.session import Step
from tests.kiosk_helpers import Recorder, fresh_session

ITEM = "370481-GA-HJ-004"  # 居民身份证换领: licences + a photo to capture
BUNDLE = "370481-YJS-TX"  # 退休一件事


@pytest.fixture
def kiosk(services) -> Iterator:  # noqa: ANN001
    """A fresh session at home, ended afterwards; the platform without faults, the printer with paper."""
    with fresh_session(services) as fresh:
        yield fresh


def fill(kiosk: Any, code: str = ITEM) -> Any:  # noqa: ANN401
    """Signed, with everything the steps before review produce (sample card, licences, a page)."""
    part = fill_until_review(kiosk, code)
    part.set_signature(b"\x89PNG\r\n\x1a\nsignature")
    return part


def test_summary_is_masked_and_links_each_step(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    identity = kiosk.session.draft.identity
    rows = part.summary()
    text = " ".join(f"{r.label} {r.value}" for r in rows)
    assert identity.id_number not in text and identity.name not in text
    assert identity.id_number[:4] in text and identity.id_number[-4:] in text
    assert {r.step for r in rows} >= {"catalog", "identify", "form", "materials"}
    assert any("电子证照" in r.value for r in rows), "a licence material should show as satisfied"
    assert part.problems() == []


def test_problems_point_to_the_form(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    phone = next(k for k in kiosk.session.draft.form if k.endswith("phone"))
    kiosk.session.draft.form[phone] = "12345"
    problems = part.problems()
    assert problems and problems[0][0] == "form"


def test_signature_is_required_and_goes_as_a_material(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.set_signature(b"")
    with pytest.raises(SubmissionError, match="not signed"):
        part.build_application()
    part.set_signature(b"\x89PNG\r\n\x1a\nsig")
    app = part.build_application()
    roles = [m.role for m in app.all_materials()]
    assert "signature" in roles and "face_photo" in roles
    assert app.form["form"]["signature"] and app.form["items"] == [ITEM]
    assert any(m.is_licence for m in app.materials) and any(not m.is_licence for m in app.materials)


def test_postal_delivery_needs_address_and_phone(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    assert part.delivery_options() == ("pickup", "post")
    errors = part.choose_delivery("post", "", "")
    assert {e.field for e in errors} == {"address", "phone"}
    assert not kiosk.session.draft.delivery
    errors = part.choose_delivery("post", "山东省枣庄市滕州市荆河街道龙泉路88号", "1381234")
    assert [e.field for e in errors] == ["phone"]
    assert part.choose_delivery("post", "山东省枣庄市滕州市荆河街道龙泉路88号", "13812345678") == []
    assert kiosk.session.draft.delivery["kind"] == "post"
    assert kiosk.session.draft.delivery["address_parts"]["district"] == "滕州市"
    with pytest.raises(SubmissionError):
        part.choose_delivery("drone")
    assert part.choose_delivery("pickup") == [] and kiosk.session.draft.delivery == {"kind": "pickup"}


def test_submit_online_gets_a_case_number_and_the_platform_holds_the_materials(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.choose_delivery("pickup")
    rec = Recorder(kiosk.bus, SubmissionProgress)
    try:
        assert part.submit()
        done = rec.wait(lambda e: e.stage in ("done", "failed"))
    finally:
        rec.close()
    assert done.stage == "done" and done.case_no and done.local_ref
    assert [e.stage for e in rec.events][:2] == ["queuing", "sending"]
    state = kiosk.journey.state
    assert state.case_no == done.case_no and state.promised_date
    case = next(c for c in kiosk.platform.store.cases() if c["case_no"] == done.case_no)
    assert case["item_code"] == ITEM and case["local_ref"] == done.local_ref
    # captured photo page + signature + face photo, all uploaded completely
    assert len(case["materials"]) == 3
    for m in case["materials"]:
        assert kiosk.platform.store.upload(m["upload_id"]).complete
    rec = Recorder(kiosk.bus, SubmissionProgress)  # listening before the press: the answer may be instant
    assert part.submit() is True  # a second press queues the same visit once
    try:
        again = rec.wait(lambda e: e.stage == "done")
    finally:
        rec.close()
    assert again.case_no == done.case_no
    assert len([c for c in kiosk.platform.store.cases() if c["visit_id"] == state.visit_id]) == 1


def test_bundle_submits_one_case_with_deduplicated_materials(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk, BUNDLE)
    names = [n.material.name for n in part.plan().materials]
    assert len(names) == len(set(names))
    part.choose_delivery("pickup")
    app = part.build_application()
    assert app.bundle_code == BUNDLE and len(app.form["items"]) == 3
    done = part.submit_blocking(app)
    assert done.case_no
    receipt = part.receipt()
    assert receipt.is_bundle and len(receipt.bundle_items) == 3 and receipt.case_no == done.case_no


@contextmanager
def platform_down(kiosk: Any, wait_for_case_s: float) -> Iterator[Any]:  # noqa: ANN401
    """A filled-in application for pickup, the platform unreachable, submission waiting only briefly."""
    part = fill(kiosk)
    part.choose_delivery("pickup")
    kiosk.platform.set_faults(Faults(drop_before=1.0))
    part.wait_for_case_s = wait_for_case_s
    try:
        yield part
    finally:
        kiosk.platform.set_faults(Faults())
        del part.wait_for_case_s


def test_offline_gives_a_local_reference_then_the_case_number_arrives(kiosk) -> None:  # noqa: ANN001
    rec = Recorder(kiosk.bus, CaseNumberArrived)
    try:
        with platform_down(kiosk, 1.5) as part:
            done = part.submit_blocking(part.build_application())
            assert done.case_no == "" and done.local_ref
            receipt = part.receipt()
            assert receipt.case_no is None and receipt.local_ref == done.local_ref
            assert part.qr_payload().endswith(done.local_ref)
            entry = kiosk.sync.outbox.find(done.local_ref)
            assert entry is not None and entry.state in ("pending", "sending")
        arrived = rec.wait(lambda e: e.local_ref == done.local_ref, timeout=60)
    finally:
        rec.close()
    assert kiosk.journey.state.case_no == arrived.case_no
    assert any(c["case_no"] == arrived.case_no for c in kiosk.platform.store.cases())


def test_a_rating_given_offline_reaches_the_platform_with_the_case_number(kiosk) -> None:  # noqa: ANN001
    rec = Recorder(kiosk.bus, RatingDone)
    try:
        with platform_down(kiosk, 0.5) as part:
            local_ref = part.submit_blocking(part.build_application()).local_ref
            assert part.rate(2, ["slow"], "排队太久")
            assert rec.wait(lambda e: True).sent, "the rating is kept even with the platform down"
            assert kiosk.sync.ratings.waiting() == 1
    finally:
        rec.close()
    deadline = time.monotonic() + 60
    while kiosk.sync.ratings.waiting() and time.monotonic() < deadline:
        time.sleep(0.1)
    case_no = kiosk.sync.outbox.find(local_ref).case_no
    rows = [r for r in _evaluations(kiosk) if r[1] == kiosk.journey.state.visit_id]
    assert case_no and rows == [(case_no, kiosk.journey.state.visit_id, 2, rows[0][3], "排队太久")]


def test_receipt_prints_once_and_paper_out_says_where_to_get_it(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.choose_delivery("pickup")
    part.submit_blocking(part.build_application())
    printer = kiosk.devices["printer"]
    printer.simulator.state.paper = Paper.OUT
    rec = Recorder(kiosk.bus, ReceiptPrinted)
    try:
        part.print_receipt()
        failed = rec.wait(lambda e: True)
        assert not failed.printed and "窗口补打" in failed.message_zh and "window" in failed.message_en
        printer.simulator.state.paper = Paper.OK
        before = len(printer.printed_jobs)
        rec.events.clear()
        part.print_receipt()
        ok = rec.wait(lambda e: True)
    finally:
        rec.close()
    assert ok.printed and len(printer.printed_jobs) == before + 1
    assert kiosk.journey.state.case_no.encode() in printer.printed_jobs[-1]


def test_a_citizen_in_english_gets_english_on_the_receipt(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.choose_delivery("pickup")
    kiosk.session.set_language("en")
    part.submit_blocking(part.build_application())
    receipt = part.receipt()
    assert receipt.english and receipt.service_en == "Renewing a resident ID card"
    assert all(m.name_en and m.name_en.isascii() for m in receipt.materials)
    rec = Recorder(kiosk.bus, ReceiptPrinted)
    try:
        part.print_receipt()
        assert rec.wait(lambda e: True).printed
    finally:
        rec.close()
    job = kiosk.devices["printer"].printed_jobs[-1]
    assert b"Case no." in job and b"Renewing a resident ID card" in job and b"Collect at the window" in job


def _evaluations(kiosk: Any) -> list[tuple]:  # noqa: ANN401
    path = kiosk.platform.config.db_path
    with sqlite3.connect(path) as db:
        return db.execute("SELECT case_no, visit_id, level, reasons, comment FROM evaluations").fetchall()


def test_rating_goes_to_the_platform_once_per_case(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.choose_delivery("pickup")
    case_no = part.submit_blocking(part.build_application()).case_no
    with pytest.raises(SubmissionError):
        part.rate(6)
    with pytest.raises(SubmissionError):
        part.rate(5, ["slow"])
    rec = Recorder(kiosk.bus, RatingDone)
    try:
        assert part.rate(5, ["fast"], "很方便")
        done = rec.wait(lambda e: True)
    finally:
        rec.close()
    assert done.sent and part.rated
    assert part.rate(4) is False
    deadline = time.monotonic() + 15
    while not [r for r in _evaluations(kiosk) if r[0] == case_no] and time.monotonic() < deadline:
        time.sleep(0.1)
    rows = [r for r in _evaluations(kiosk) if r[0] == case_no]
    assert len(rows) == 1 and rows[0][2] == 5 and "办理快" in rows[0][3] and rows[0][4] == "很方便"
    assert rows[0][1] == kiosk.journey.state.visit_id
    assert kiosk.sync.ratings.waiting() == 0, "a delivered rating is erased from the kiosk"


def test_session_end_forgets_the_submission(kiosk) -> None:  # noqa: ANN001
    part = fill(kiosk)
    part.choose_delivery("pickup")
    part.submit_blocking(part.build_application())
    visit = kiosk.journey.state.visit_id
    kiosk.session.end("finished")
    assert kiosk.session.draft.is_empty()
    state = kiosk.journey.state
    assert state.visit_id != visit and not state.case_no and not state.local_ref and not state.rating_sent
    assert kiosk.session.step is Step.HOME


def test_material_entries_of_every_shape() -> None:
    assert captured_pages(b"\xff\xd8x") == [b"\xff\xd8x"]
    assert captured_pages([b"a", b"", b"b"]) == [b"a", b"b"]
    assert captured_pages({"pages": [b"a"]}) == [b"a"]
    assert captured_pages(None) == [] and captured_pages("text") == []
    assert sniff_content_type(b"%PDF-1.4") == "application/pdf"
    assert sniff_content_type(b"\x89PNG\r\n") == "image/png"
    assert sniff_content_type(b"\xff\xd8\xff") == "image/jpeg"

"""Progress query, queue ticket and electronic licences without the UI: the reference platform over
loopback HTTP, the simulated printer over TCP (its output read back from the preview PNG), the simulated
camera with the code watcher, the simulated card reader."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer.preview import render_preview
from devices.printer.status import Paper
from kiosk.journey.finding import TicketIssued
from kiosk.journey.licences import LicencePrinted, LicencesListed, licence_qr_payload
from kiosk.journey.progress import CodeScanned, ProgressFailed, ProgressFound, normalise_case_no
from kiosk.journey.queue import LocalSequence, LocalTicketIssued
from kiosk.journey.rehearsal import fill_until_review
from kiosk.journey.submission import ReceiptPrinted
from kiosk.platform.faults import Faults
from kiosk.receipts import parse_progress_qr, progress_qr_payload
from kiosk.session import Step
from tests.kiosk_helpers import Recorder, fresh_session

ITEM = "370481-GA-HJ-004"  # 居民身份证换领
WINDOW_ITEM = "370481-SP-JS-001"  # 建筑工程施工许可证核发: window only


@pytest.fixture
def kiosk(services) -> Iterator:  # noqa: ANN001
    """A fresh session at home, ended afterwards; the platform without faults, the printer with paper."""
    with fresh_session(services) as fresh:
        yield fresh


@pytest.fixture(scope="module")
def submitted(services) -> dict[str, Any]:  # noqa: ANN001
    """One application submitted online by sample card 0, with its receipt printed: case number, holder,
    and the receipt's ESC/POS bytes."""
    if not services.session.is_pristine():
        services.session.end("reset")
    part = fill_until_review(services, ITEM)
    part.set_signature(b"\x89PNG\r\n\x1a\nsignature")
    part.choose_delivery("pickup")
    done = part.submit_blocking(part.build_application())
    assert done.case_no
    printer = services.devices["printer"]
    before = len(printer.printed_jobs)
    rec = Recorder(services.bus, ReceiptPrinted)
    try:
        assert part.print_receipt()
        assert rec.wait().printed
    finally:
        rec.close()
    assert len(printer.printed_jobs) == before + 1
    holder = services.session.draft.identity.id_number
    out = {"case_no": done.case_no, "holder": holder, "job": printer.printed_jobs[-1]}
    services.session.end("submitted")
    return out


def decode_qr(png_or_image: Any) -> str:
    """What OpenCV's plain QR detector reads in a picture."""
    image = png_or_image
    if isinstance(png_or_image, bytes):
        image = cv2.imdecode(np.frombuffer(png_or_image, np.uint8), cv2.IMREAD_COLOR)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


def receipt_picture(services, job: bytes) -> np.ndarray:  # noqa: ANN001
    png = render_preview(job, services.devices["printer"].profile).png_bytes()
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)


def to_progress(services) -> Any:  # noqa: ANN001, ANN401
    services.session.start("progress")
    assert services.session.step is Step.PROGRESS
    return services.journey.progress


# --- progress --------------------------------------------------------------------------------------------


def test_printed_receipt_qr_decodes_and_queries_the_timeline(kiosk, submitted) -> None:  # noqa: ANN001
    png = render_preview(submitted["job"], kiosk.devices["printer"].profile).png_bytes()
    payload = decode_qr(png)
    assert payload == progress_qr_payload(submitted["case_no"])
    assert parse_progress_qr(payload) == submitted["case_no"]
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, ProgressFound, ProgressFailed)
    try:
        assert part.query_number(payload, by="qr")
        found = rec.wait()
    finally:
        rec.close()
    assert isinstance(found, ProgressFound), found
    (case,) = found.cases
    assert case.case_no == submitted["case_no"] and case.item_code == ITEM
    assert case.item_name == "居民身份证换领" or case.item_name  # named from the catalog
    assert case.steps[0].status == "received" and case.steps[0].done and case.steps[0].at
    assert case.status == "received" and case.steps[0].current
    assert not any(s.done for s in case.steps[1:])
    assert case.next_action == "received" and case.promised_date


def test_timeline_follows_the_platform(kiosk, submitted) -> None:  # noqa: ANN001
    kiosk.platform.store.advance(submitted["case_no"], time.time())
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, ProgressFound)
    try:
        part.query_number(submitted["case_no"].lower())
        (case,) = rec.wait().cases
    finally:
        rec.close()
    assert [s.status for s in case.steps if s.done] == ["received", "accepted"]
    assert case.status == "accepted" and case.steps[1].current and not case.steps[0].current


def test_receipt_shown_to_the_camera_is_read_and_queried(kiosk, submitted) -> None:  # noqa: ANN001
    camera = kiosk.devices["camera"]
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, CodeScanned, ProgressFound, ProgressFailed)
    try:
        camera.show(np.full((480, 640, 3), 200, np.uint8))
        assert part.start_scanning()
        camera.show(receipt_picture(kiosk, submitted["job"]))
        scanned = rec.wait(lambda e: isinstance(e, CodeScanned), timeout=30)
        found = rec.wait(lambda e: isinstance(e, ProgressFound | ProgressFailed), timeout=30)
    finally:
        rec.close()
        part.stop_scanning()
    assert scanned.case_no == submitted["case_no"]
    assert isinstance(found, ProgressFound) and found.by == "qr"
    assert found.cases[0].case_no == submitted["case_no"]


def test_other_codes_are_ignored_outside_progress_and_when_not_ours(kiosk) -> None:  # noqa: ANN001
    from devices.camera.events import CodeRead

    rec = Recorder(kiosk.bus, CodeScanned)
    try:
        part = kiosk.journey.progress
        part.start_scanning()
        kiosk.bus.publish(CodeRead("camera", progress_qr_payload("SQ2026"), "QR"))  # at home: not ours
        part.stop_scanning()
        to_progress(kiosk)
        part.start_scanning()
        kiosk.bus.publish(CodeRead("camera", "https://example.org/menu", "QR"))
        kiosk.bus.publish(CodeRead("camera", "6901234567892", "EAN_13"))
        part.wait_idle()
        assert rec.events == []
        kiosk.bus.publish(CodeRead("camera", progress_qr_payload("SQ-NOPE-1"), "QR"))
        assert rec.wait().case_no == "SQ-NOPE-1"
    finally:
        rec.close()
        kiosk.journey.progress.stop_scanning()


def test_placing_the_card_lists_all_the_holders_cases(kiosk, submitted) -> None:  # noqa: ANN001
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, ProgressFound, ProgressFailed)
    try:
        kiosk.devices["idcard"].place_sample(0)
        found = rec.wait()
    finally:
        rec.close()
    assert isinstance(found, ProgressFound) and found.by == "card"
    assert submitted["case_no"] in [c.case_no for c in found.cases]
    assert part.cases == found.cases


def test_a_holder_without_cases_and_the_platform_keeps_no_number(kiosk, submitted) -> None:  # noqa: ANN001
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, ProgressFailed, ProgressFound)
    try:
        part.query_holder("11010519491231002X")
        failed = rec.wait()
    finally:
        rec.close()
    assert isinstance(failed, ProgressFailed) and failed.reason == "no_cases"
    raw = kiosk.platform.store.path.read_bytes()
    assert submitted["holder"].encode() not in raw


@pytest.mark.parametrize(("text", "reason"), [("!!", "invalid"), ("SQ20991231999999", "not_found")])
def test_bad_and_unknown_numbers_say_so(kiosk, text: str, reason: str) -> None:  # noqa: ANN001
    part = to_progress(kiosk)
    rec = Recorder(kiosk.bus, ProgressFailed, ProgressFound)
    try:
        part.query_number(text)
        failed = rec.wait()
    finally:
        rec.close()
    assert isinstance(failed, ProgressFailed) and failed.reason == reason


def test_platform_unreachable_is_offline(kiosk) -> None:  # noqa: ANN001
    part = to_progress(kiosk)
    kiosk.platform.set_faults(Faults(drop_before=1.0))
    rec = Recorder(kiosk.bus, ProgressFailed, ProgressFound)
    try:
        part.query_number("SQ20261124000001")
        failed = rec.wait()
    finally:
        rec.close()
    assert isinstance(failed, ProgressFailed) and failed.reason == "offline"


def test_a_late_answer_after_the_session_ended_is_dropped(kiosk) -> None:  # noqa: ANN001
    part = to_progress(kiosk)
    kiosk.platform.set_faults(Faults(latency_s=0.5))
    rec = Recorder(kiosk.bus, ProgressFailed, ProgressFound)
    try:
        part.query_number("SQ20261124000001")
        kiosk.session.end("cancelled")
        assert part.wait_idle(10)
        assert rec.events == [] and part.cases == () and not part.busy
    finally:
        rec.close()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_normalise_never_raises_and_only_accepts_references(text: str) -> None:
    got = normalise_case_no(text)
    assert got is None or (3 <= len(got) <= 40 and " " not in got)


# --- queue ---------------------------------------------------------------------------------------------


def to_queue(services) -> Any:  # noqa: ANN001, ANN401
    services.session.start("queue")
    return services.journey.queue


def test_service_list_puts_window_items_first_and_pages(kiosk) -> None:  # noqa: ANN001
    part = to_queue(kiosk)
    choices = part.choices()
    assert choices[0].window_only and not choices[-1].window_only
    assert WINDOW_ITEM in [c.code for c in choices[:3]]
    page, pages = part.page(0, 4)
    assert len(page) == 4 and pages == -(-len(choices) // 4)
    last, _ = part.page(99, 4)
    assert last and last[-1] == choices[-1]


def test_ticket_from_the_platform_is_printed_with_the_people_waiting(kiosk) -> None:  # noqa: ANN001
    part = to_queue(kiosk)
    printer = kiosk.devices["printer"]
    before = len(printer.printed_jobs)
    rec = Recorder(kiosk.bus, TicketIssued, LocalTicketIssued)
    try:
        assert part.take(WINDOW_ITEM)
        assert not part.take(WINDOW_ITEM), "a second press while waiting takes no second number"
        issued = rec.wait()
    finally:
        rec.close()
    assert isinstance(issued, TicketIssued) and issued.number.startswith("A") and issued.printed
    assert part.ticket == issued and part.waiting_text() == str(issued.waiting)
    assert len(printer.printed_jobs) == before + 1
    lines = "\n".join(render_preview(printer.printed_jobs[-1], printer.profile).lines)
    assert issued.number in lines and "建筑工程施工许可证核发" in lines and "离线" not in lines


def test_offline_ticket_comes_from_the_local_sequence_clearly_marked(kiosk) -> None:  # noqa: ANN001
    part = to_queue(kiosk)
    printer = kiosk.devices["printer"]
    kiosk.platform.set_faults(Faults(drop_before=1.0))
    numbers = []
    for _ in range(2):
        rec = Recorder(kiosk.bus, TicketIssued, LocalTicketIssued)
        try:
            assert part.take(WINDOW_ITEM)
            issued = rec.wait()
        finally:
            rec.close()
        assert isinstance(issued, LocalTicketIssued) and issued.printed
        numbers.append(issued.number)
    assert numbers[0].startswith("L") and int(numbers[1][1:]) == int(numbers[0][1:]) + 1
    assert part.waiting_text() == ""
    lines = "\n".join(render_preview(printer.printed_jobs[-1], printer.profile).lines)
    assert numbers[1] in lines and "离线临时号" in lines and "LOCAL" in lines


def test_local_sequence_survives_a_restart_and_starts_again_each_day(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "q.json"
    assert [LocalSequence(path).next("20261124") for _ in range(3)] == [1, 2, 3]
    assert LocalSequence(path).next("20261124") == 4
    assert LocalSequence(path).next("20261125") == 1
    path.write_text("garbage")
    assert LocalSequence(path).next("20261125") == 1


def test_offline_without_paper_still_gives_a_number(kiosk) -> None:  # noqa: ANN001
    part = to_queue(kiosk)
    kiosk.platform.set_faults(Faults(drop_before=1.0))
    kiosk.devices["printer"].simulator.state.paper = Paper.OUT
    rec = Recorder(kiosk.bus, TicketIssued, LocalTicketIssued)
    try:
        part.take(WINDOW_ITEM)
        issued = rec.wait()
    finally:
        rec.close()
    assert isinstance(issued, LocalTicketIssued) and not issued.printed and issued.number.startswith("L")


# --- licences ------------------------------------------------------------------------------------------


def identified_for_licences(services) -> Any:  # noqa: ANN001, ANN401
    services.session.start("licences")
    assert services.session.step is Step.IDENTIFY
    services.journey.identify.begin()  # what the identify screen does on entry
    services.devices["idcard"].place_sample(0)
    assert services.session.draft.identity is not None
    services.journey.identify.wait_idle(30)
    return services.journey.licences


def test_licences_are_listed_masked_and_print_a_summary(kiosk) -> None:  # noqa: ANN001
    part = identified_for_licences(kiosk)
    rec = Recorder(kiosk.bus, LicencesListed)
    try:
        part.load()
        listed = rec.wait()
    finally:
        rec.close()
    identity = kiosk.session.draft.identity
    views = part.views()
    assert listed.ok and listed.count == len(views) >= 1
    resident = next(v for v in views if v.type == "resident_id")
    assert identity.id_number not in resident.number and resident.number.endswith(identity.id_number[-4:])
    printer = kiosk.devices["printer"]
    before = len(printer.printed_jobs)
    rec = Recorder(kiosk.bus, LicencePrinted)
    try:
        assert part.print_summary(resident.ref)
        printed = rec.wait()
    finally:
        rec.close()
    assert printed.printed and len(printer.printed_jobs) == before + 1
    preview = render_preview(printer.printed_jobs[-1], printer.profile)
    text = "\n".join(preview.lines)
    assert "电子证照摘要" in text and resident.name in text
    assert identity.id_number not in text and identity.name not in text
    assert decode_qr(preview.png_bytes()) == licence_qr_payload(resident.ref)
    assert decode_qr(part.qr_png(resident.ref)) == licence_qr_payload(resident.ref)
    assert not part.print_summary("LIC-unknown")
    kiosk.session.set_language("en")
    english = "\n".join(str(b) for b in part.summary_blocks(part.find(resident.ref)))
    assert "Licence" in english and "Resident" in english and "Issued by" in english


def test_licences_fetched_when_identification_had_none_and_offline_says_so(kiosk) -> None:  # noqa: ANN001
    part = identified_for_licences(kiosk)
    kiosk.session.draft.licences = None
    kiosk.platform.set_faults(Faults(drop_before=1.0))
    rec = Recorder(kiosk.bus, LicencesListed)
    try:
        part.load()
        assert rec.wait().ok is False
    finally:
        rec.close()
    kiosk.platform.set_faults(Faults())
    rec = Recorder(kiosk.bus, LicencesListed)
    try:
        part.load()
        assert rec.wait().ok and part.views()
    finally:
        rec.close()
    kiosk.session.end("done")
    assert part.held() is None and part.views() == []

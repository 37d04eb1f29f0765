"""The kiosk side of catalog, guide and identification, on real services (no UI): search, choosing,
guides, 'not at this kiosk' with a real queue ticket, card reads from the simulated reader, expired
cards, reader faults, the typed fallback, face capture on the simulated camera, verification and
licences from the reference platform, and an unreachable platform."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import cv2
import pytest

from devices.camera.samples import FOLDER as CAMERA_SAMPLES
from devices.idnumber import check_char
from kiosk.journey.finding import BUNDLES, TicketFailed, TicketIssued
from kiosk.journey.identify import IdentifyChanged, IdentifyPhase, LicencesFetched
from kiosk.session import Step

ZHANG = 0  # 张伟, resident ID card valid until 2035
SOCIAL = 5  # 李强, social security card
EXPIRED = 6  # 赵敏, resident ID card expired in 2020


@pytest.fixture
def fresh(services):  # noqa: ANN001, ANN201
    """The services with a new session at home, platform faults off, camera back on its playlist."""
    from kiosk.platform.faults import Faults

    if not services.session.is_pristine():
        services.session.end("reset")
    services.platform.set_faults(Faults())
    camera = services.devices["camera"]
    camera.clear()
    camera.show(None)
    yield services
    services.journey.identify.wait_idle(10)
    services.platform.set_faults(Faults())
    camera.clear()
    camera.show(None)
    if not services.session.is_pristine():
        services.session.end("reset")


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    """Poll ``predicate`` until it holds (worker threads report asynchronously)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def at_identify(services) -> None:  # noqa: ANN001
    """Session at the identify step of the apply journey with an item chosen."""
    services.session.start("apply")
    services.journey.finding.choose("370481-GA-JZ-001")
    services.session.next()
    services.session.next()
    assert services.session.step is Step.IDENTIFY
    services.journey.identify.begin()


def show_face(services) -> None:  # noqa: ANN001
    services.devices["camera"].show(cv2.imread(str(CAMERA_SAMPLES / "1_face.jpg")))


# --- finding ----------------------------------------------------------------------------------------


def test_groups_cover_personal_and_enterprise_with_bundles_first(fresh) -> None:  # noqa: ANN001
    finding = fresh.journey.finding
    personal = finding.groups("personal")
    enterprise = finding.groups("enterprise")
    assert personal[0].kind == BUNDLES and enterprise[0].kind == BUNDLES
    assert "户籍身份证" in [g.name for g in personal]
    assert "工程建设" in [g.name for g in enterprise] and "工程建设" not in [g.name for g in personal]
    departments = finding.groups("personal", by="department")
    assert any(g.name == "滕州市公安局" for g in departments)
    hukou = next(g for g in personal if g.code == "hukou")
    entries = finding.entries(hukou)
    assert len(entries) == hukou.count and all(e.kind == "item" for e in entries)
    bundles = finding.entries(enterprise[0], "enterprise")
    assert [e.name for e in bundles][0] == "企业开办一件事"
    with pytest.raises(ValueError, match="audience"):
        finding.groups("robots")


@pytest.mark.parametrize("query", ["居住证", "juzhuzheng", "jzz"])
def test_search_by_characters_pinyin_and_initials(fresh, query: str) -> None:  # noqa: ANN001
    names = [e.name for e in fresh.journey.finding.search(query)]
    assert names and names[0].startswith("居住证"), names


def test_choosing_an_item_sets_the_target_plan_and_guide(fresh) -> None:  # noqa: ANN001
    finding = fresh.journey.finding
    item = finding.choose("370481-GA-JZ-001")
    state = fresh.journey.state
    assert (state.target_code, state.target_kind, fresh.session.item_code) == (item.code, "item", item.code)
    assert state.plan is not None and state.plan.code == item.code
    titles = [s.title for s in finding.guide()]
    assert titles[:3] == ["基本信息", "受理条件", "申请材料"] and "收费标准" in titles and "办理时限" in titles
    assert finding.completable_here()
    with pytest.raises(KeyError):
        finding.choose("no-such-code")


def test_a_bundle_guide_merges_materials(fresh) -> None:  # noqa: ANN001
    finding = fresh.journey.finding
    finding.choose("370481-YJS-CSYJS")
    assert fresh.journey.state.target_kind == "bundle"
    sections = finding.guide()
    assert sections[0].title == "一件事说明" and "出生登记" in sections[0].lines[1]
    materials = sections[1].lines
    assert len(materials) == len(set(materials))
    assert len(finding.members()) == 4


def test_item_not_possible_here_gets_a_real_queue_ticket(fresh) -> None:  # noqa: ANN001
    finding = fresh.journey.finding
    finding.choose("370481-SP-JS-001")
    assert not finding.completable_here()
    got: list = []
    done = threading.Event()
    fresh.bus.subscribe(TicketIssued, lambda e: (got.append(e), done.set()))
    fresh.bus.subscribe(TicketFailed, lambda e: (got.append(e), done.set()))
    finding.request_ticket().join(15)
    assert done.wait(5)
    assert isinstance(got[0], TicketIssued) and got[0].number, got
    assert finding.ticket == got[0]
    assert got[0].window == finding.target.place.window, "the ticket is for the item's own window"


def test_queue_ticket_printed_for_a_citizen_in_english(fresh) -> None:  # noqa: ANN001
    finding = fresh.journey.finding
    finding.choose("370481-SP-JS-001")
    fresh.session.set_language("en")
    finding.request_ticket().join(15)
    assert finding.ticket is not None and finding.ticket.printed
    job = fresh.devices["printer"].printed_jobs[-1]
    assert b"Construction project approval zone (Zone E)" in job and b"people)" in job


def test_queue_ticket_with_the_platform_unreachable_says_so(fresh) -> None:  # noqa: ANN001
    from kiosk.platform.faults import Faults

    finding = fresh.journey.finding
    finding.choose("370481-SP-JS-001")
    fresh.platform.set_faults(Faults(drop_before=1.0))
    failed: list = []
    fresh.bus.subscribe(TicketFailed, failed.append)
    finding.request_ticket().join(60)
    assert failed and finding.ticket is None


# --- identification ---------------------------------------------------------------------------------


def test_card_read_then_face_verified_and_licences_fetched(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    phases: list[str] = []
    fresh.bus.subscribe(IdentifyChanged, lambda e: phases.append(e.phase))
    licences: list = []
    fresh.bus.subscribe(LicencesFetched, licences.append)
    show_face(fresh)
    identity = fresh.devices["idcard"].place_sample(ZHANG)
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification")
    assert fresh.session.draft.identity is not None
    assert fresh.session.draft.identity.id_number == identity.id_number
    assert fresh.journey.state.face_verified is True
    assert fresh.session.draft.face_photo[:2] == b"\xff\xd8"
    assert phases[:3] == ["face", "verifying", "verified"]
    assert ident.can_continue and "张*" in ident.who() and identity.id_number not in ident.who()
    wait_for(lambda: bool(licences), what="licences")
    held = fresh.session.draft.licences
    assert held is not None and licences[0].ok and any(lic.type == "resident_id" for lic in held)


def test_expired_card_is_refused_and_forgotten(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    fresh.devices["idcard"].place_sample(EXPIRED)
    wait_for(lambda: ident.phase is IdentifyPhase.EXPIRED, what="expired")
    assert ident.detail == "2020-01-01"
    assert fresh.session.draft.identity is None and not ident.can_continue


def test_reader_fault_then_a_good_read(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    reader = fresh.devices["idcard"]
    reader.fail_next()
    reader.place_sample(ZHANG)
    assert ident.phase is IdentifyPhase.READER_FAULT and "读卡失败" in ident.detail
    assert fresh.session.draft.identity is None
    ident.use_id_card()
    show_face(fresh)
    reader.place_sample(ZHANG)
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification after a fault")


def test_social_security_card_and_pin_request(fresh) -> None:  # noqa: ANN001
    from devices.base import CardError

    at_identify(fresh)
    ident = fresh.journey.identify
    ident.use_social_security_card()
    assert ident.phase is IdentifyPhase.WAITING_SSCARD
    reader = fresh.devices["idcard"]
    reader.publish(CardError(reader.name, "请输入密码", kind="pin_required"))
    assert ident.phase is IdentifyPhase.PIN
    assert ident.submit_pin("123456") is False, "the simulated reader takes no PIN"
    show_face(fresh)
    reader.place_sample(SOCIAL)
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification by social security card")
    assert fresh.session.draft.identity.document_type.value == "social_security_card"


def test_typed_fallback_checks_the_number_then_accepts(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    ident.start_typing()
    good = "37048119850612123" + check_char("37048119850612123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    errors = ident.submit_typed("张伟", bad)
    assert set(errors) == {"id_number"} and "校验位" in errors["id_number"]["zh-CN"]
    assert "check character" in errors["id_number"]["en"]
    assert "name" in ident.submit_typed("Zhang", good)
    assert fresh.session.draft.identity is None
    show_face(fresh)
    assert ident.submit_typed("张伟", good.lower()) == {}
    identity = fresh.session.draft.identity
    assert identity.document_type.value == "typed" and identity.id_number == good and identity.sex == "1"
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification of a typed identity")


def test_face_hints_are_published_while_nobody_is_in_front(fresh) -> None:  # noqa: ANN001
    import numpy as np

    from kiosk.journey.identify import FaceHint

    at_identify(fresh)
    ident = fresh.journey.identify
    hints: list = []
    fresh.bus.subscribe(FaceHint, hints.append)
    camera = fresh.devices["camera"]
    camera.show(np.full((480, 640, 3), 128, np.uint8))
    wait_for(lambda: int(camera.latest_frame().std()) == 0, what="the empty picture on the camera")
    fresh.devices["idcard"].place_sample(ZHANG)
    wait_for(lambda: bool(hints), what="a hint")
    assert hints[-1].code == "no_face" and ident.phase is IdentifyPhase.FACE
    assert ("zh-CN", "请面对摄像头") in fresh.devices["speech"].spoken
    show_face(fresh)
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification once a face shows")


def test_platform_unreachable_lets_the_citizen_continue(fresh) -> None:  # noqa: ANN001
    from kiosk.platform.faults import Faults

    at_identify(fresh)
    ident = fresh.journey.identify
    fresh.platform.set_faults(Faults(drop_before=1.0))
    show_face(fresh)
    fresh.devices["idcard"].place_sample(ZHANG)
    wait_for(lambda: ident.phase is IdentifyPhase.OFFLINE, timeout=90, what="offline")
    assert ident.can_continue and fresh.journey.state.face_verified is None
    assert fresh.session.draft.licences is None
    assert fresh.session.draft.face_photo, "the photo goes with the application for a later check"


def test_session_end_wipes_identity_photo_and_phase(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    show_face(fresh)
    fresh.devices["idcard"].place_sample(ZHANG)
    wait_for(lambda: ident.phase is IdentifyPhase.VERIFIED, what="verification")
    fresh.session.end("idle")
    assert fresh.session.draft.is_empty()
    assert ident.phase is IdentifyPhase.WAITING_CARD and fresh.journey.state.face_verified is None
    fresh.devices["idcard"].place_sample(ZHANG)
    assert ident.phase is IdentifyPhase.WAITING_CARD, "card reads at home are not the identify step's"


def test_a_face_that_does_not_match_is_refused(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    show_face(fresh)
    fresh.devices["idcard"].place_sample(1)  # 王秀英: the reference platform's rehearsal card for a mismatch
    wait_for(lambda: ident.phase is IdentifyPhase.MISMATCH, what="a face that does not match")
    assert fresh.journey.state.face_verified is False and not ident.can_continue
    assert ident.attempts_left == 2


def test_verification_refused_by_the_platform_offers_retries_then_help(fresh) -> None:  # noqa: ANN001
    at_identify(fresh)
    ident = fresh.journey.identify
    show_face(fresh)
    fresh.devices["idcard"].place_sample(3)  # 2017 foreigner's permit: the platform cannot check this number
    wait_for(lambda: ident.phase is IdentifyPhase.MISMATCH, what="refused verification")
    assert fresh.journey.state.face_verified is False and not ident.can_continue
    assert ident.attempts_left == 2
    for left in (1, 0):
        assert ident.retry_face() is not None
        wait_for(lambda: ident.phase is IdentifyPhase.MISMATCH and not ident._capturing, what="refused again")
        assert ident.attempts_left == left
    assert ident.retry_face() is None, "after three attempts only help remains"

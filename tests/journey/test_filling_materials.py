"""Situations, form and materials without the UI: the real catalog, identity samples, the reference
platform's licences over loopback HTTP and the simulated document camera."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.camera.synthetic import desk_photo
from devices.idcard.identities import load_identities
from kiosk.journey.filling import keyboard_mode, normalise_value
from kiosk.journey.materials import CaptureEnded, LicencesLoaded, PageAdded
from kiosk.journey.regions import RegionsError, load_regions, parse_regions
from kiosk.settings import load_settings

HUKOU_MOVE = "370481-GA-HJ-002"  # 户口迁入（投靠配偶）: question cross_province decides the materials
PENSION = "370481-RS-SB-001"  # no questions; name, ID, sex, birth date and address pre-filled
NEWBORN = "370481-YJS-CSYJS"  # 新生儿出生一件事 (bundle)


@pytest.fixture(scope="module")
def filling_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Real services: simulated devices, the embedded platform on loopback, SQLite in a temp dir."""
    from kiosk.services import KioskServices

    settings = load_settings(environ={})
    settings.kiosk.data_dir = tmp_path_factory.mktemp("filling-data")
    settings.platform.base_url = "http://127.0.0.1:0"
    settings.devices.camera.document_steady_s = 0.3
    svc = KioskServices(settings)
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture
def kiosk(filling_services) -> Iterator:  # noqa: ANN001
    """The services at a fresh session; the session is ended (and wiped) afterwards."""
    services = filling_services
    if not services.session.is_pristine():
        services.session.end("reset")
    services.devices["camera"].show(None)
    yield services
    services.journey.materials.cancel_capture()
    services.session.end("test over")


def choose(kiosk, code: str):  # noqa: ANN001, ANN201
    kiosk.session.start("apply")
    kiosk.journey.state.target_code = code
    return kiosk.journey.filling


def identify(kiosk, index: int = 0):  # noqa: ANN001, ANN201
    identity = load_identities()[index]
    kiosk.session.set_identity(identity)
    return identity


def wait_for(kiosk, event_type: type, timeout: float = 10.0):  # noqa: ANN001, ANN201
    got: list = []
    done = threading.Event()

    def handler(event) -> None:  # noqa: ANN001
        got.append(event)
        done.set()

    unsubscribe = kiosk.bus.subscribe(event_type, handler)
    return got, done, unsubscribe


# --- situations --------------------------------------------------------------------------------------


def test_answers_change_the_materials_and_stale_answers_are_dropped(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, HUKOU_MOVE)
    first = filling.next_question()
    assert first is not None and first.id == "cross_province"
    assert not filling.situations_done()
    filling.answer("cross_province", "yes")
    assert "户口迁移证" in filling.material_names()
    assert filling.situations_done() and filling.next_question() is None
    filling.answer("cross_province", "no")
    assert "户口迁移证" not in filling.material_names()
    assert kiosk.session.draft.answers == {"cross_province": "no"}
    filling.answer("not_a_question", "yes")
    assert "not_a_question" not in kiosk.session.draft.answers


def test_bundle_form_is_merged_and_signature_left_to_review(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, NEWBORN)
    while (question := filling.next_question()) is not None:
        filling.answer(question.id, question.choices[0].value)
    names = [f.name for f in filling.fields()]
    assert len(names) == len(set(names)) and "child_name" in names and "applicant_phone" in names
    assert "signature" not in names
    material_ids = [n.material.id for n in filling.current_plan().materials]
    assert len(material_ids) == len(set(material_ids))
    assert filling.current_plan().kind == "bundle"


# --- form ----------------------------------------------------------------------------------------------


def test_prefill_from_the_card_with_the_address_split_for_the_pickers(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, PENSION)
    identity = identify(kiosk, 0)
    form = filling.start_form()
    assert form["applicant_name"] == identity.name
    assert form["applicant_id_number"] == identity.id_number
    assert form["applicant_address"]["province"] == "山东省"
    assert form["applicant_address"]["city"] == "枣庄市"
    assert form["applicant_address"]["district"] == "滕州市"
    filling.set_value("applicant_name", "李四")
    filling.start_form()  # entering the form again keeps what the citizen changed
    assert kiosk.session.draft.form["applicant_name"] == "李四"


def test_validation_messages_follow_the_language_and_clear_when_fixed(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, PENSION)
    identify(kiosk, 0)
    filling.start_form()
    filling.set_value("applicant_phone", "12345")
    assert "手机号" in filling.error_for("applicant_phone")
    kiosk.session.set_language("en")
    assert "mobile number" in filling.error_for("applicant_phone")
    assert not filling.ready()
    filling.set_value("applicant_phone", "13812345678")
    filling.set_value("bank_account", "6222020200112233445")
    filling.set_value("commitment", True)
    assert filling.error_for("applicant_phone") == ""
    assert filling.errors() == {}, filling.errors()
    assert filling.ready()


def test_keyboard_modes_and_typed_value_normalisation() -> None:
    from kiosk.forms import FieldSpec

    spec = {k: FieldSpec(name=f"f_{k}", kind=k, label="字段") for k in ("name", "id_number", "phone", "date")}
    assert keyboard_mode(spec["name"]) == "pinyin"
    assert keyboard_mode(spec["id_number"]) == "id"
    assert keyboard_mode(spec["phone"]) == "digits"
    assert keyboard_mode(FieldSpec(name="credit_code", kind="text", label="代码")) == "letters"
    assert normalise_value(spec["date"], "19850612") == "1985-06-12"
    assert normalise_value(spec["id_number"], " 37048119850612123x ") == "37048119850612123X"


# --- regions ----------------------------------------------------------------------------------------


def test_regions_cover_shandong_and_name_every_province() -> None:
    regions = load_regions()
    assert len(regions.provinces) == 34 and "山东省" in regions.provinces
    assert len(regions.cities("山东省")) == 16
    assert "滕州市" in regions.districts("山东省", "枣庄市")
    assert regions.cities("河北省") == ()
    split = {"province": "山东省", "city": "滕州市", "district": "", "detail": "x"}
    assert regions.normalise(split)["city"] == "枣庄市"


def test_bad_regions_file_is_a_typed_error() -> None:
    with pytest.raises(RegionsError, match="provinces"):
        parse_regions("provinces = []")
    with pytest.raises(RegionsError, match="unknown province"):
        parse_regions('provinces = ["山东省"]\n[cities."火星"]\n"a" = ["b"]')


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_regions_text_is_parsed_or_refused_with_a_typed_error(text: str) -> None:
    try:
        regions = parse_regions(text)
    except RegionsError:
        return
    assert regions.provinces


# --- materials ------------------------------------------------------------------------------------


def test_licences_fetched_from_the_platform_satisfy_materials(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, HUKOU_MOVE)
    identify(kiosk, 0)
    filling.answer("cross_province", "yes")
    materials = kiosk.journey.materials
    got, done, unsubscribe = wait_for(kiosk, LicencesLoaded)
    try:
        assert materials.licences() is None
        assert materials.load_licences()
        assert done.wait(10), "licences never arrived"
    finally:
        unsubscribe()
    assert got[0].ok and got[0].count >= 1
    by_id = {s.id: s for s in materials.status()}
    assert by_id["resident_id"].satisfied and by_id["resident_id"].licence_name == "居民身份证"
    assert by_id["household_register"].satisfied  # sample 0 holds a 户口簿 licence
    assert by_id["migration_cert"].missing  # no licence can stand in for a 户口迁移证
    assert [s.id for s in materials.missing()] == ["marriage_cert", "migration_cert"]
    assert not materials.ready()
    assert not materials.load_licences()  # already known: nothing fetched twice


def test_licences_already_fetched_by_identification_are_used(kiosk) -> None:  # noqa: ANN001
    choose(kiosk, HUKOU_MOVE)
    identify(kiosk, 2)
    kiosk.session.draft.licences = []
    materials = kiosk.journey.materials
    assert not materials.load_licences()
    assert {s.id for s in materials.missing()} == {"resident_id", "household_register", "marriage_cert"}


def test_two_pages_captured_with_the_camera_one_deleted(kiosk) -> None:  # noqa: ANN001
    filling = choose(kiosk, HUKOU_MOVE)
    identify(kiosk, 2)
    filling.answer("cross_province", "yes")
    kiosk.session.draft.licences = []
    materials = kiosk.journey.materials
    camera = kiosk.devices["camera"]
    camera.show(desk_photo(np.random.default_rng(5), (960, 720), background="wood").image)
    for expected in (1, 2):
        got, done, unsubscribe = wait_for(kiosk, CaptureEnded)
        try:
            assert materials.start_capture("migration_cert", timeout_s=10)
            assert not materials.start_capture("migration_cert")  # one capture at a time
            assert done.wait(15), "capture never ended"
        finally:
            unsubscribe()
        assert got[0].status == "accepted"
        assert len(materials.pages("migration_cert")) == expected
    frame, _corners = materials.preview()
    assert frame is not None
    pages = kiosk.session.draft.materials["migration_cert"]
    assert all(p[:2] == b"\xff\xd8" for p in pages)  # JPEG bytes in memory
    status = {s.id: s for s in materials.status()}
    assert status["migration_cert"].pages == 2 and status["migration_cert"].satisfied
    inputs = {m.name: m for m in materials.material_inputs()}
    assert inputs["户口迁移证"].content_type == "application/pdf"
    materials.delete_page("migration_cert", 0)
    assert len(materials.pages("migration_cert")) == 1
    materials.delete_page("migration_cert", 0)
    assert materials.pages("migration_cert") == [] and "migration_cert" not in kiosk.session.draft.materials


def test_capture_cancelled_keeps_nothing_and_session_end_wipes_pages(kiosk) -> None:  # noqa: ANN001
    choose(kiosk, HUKOU_MOVE)
    materials = kiosk.journey.materials
    kiosk.devices["camera"].show(np.full((480, 640, 3), 90, np.uint8))  # an empty desk: nothing to capture
    got, done, unsubscribe = wait_for(kiosk, CaptureEnded)
    try:
        assert materials.start_capture("marriage_cert", timeout_s=10)
        materials.cancel_capture()
        assert done.wait(5)
    finally:
        unsubscribe()
    assert got[0].status == "cancelled" and materials.pages("marriage_cert") == []
    materials.add_page("marriage_cert", b"\xff\xd8fake")
    kiosk.session.end("idle")
    assert kiosk.session.draft.materials == {} and kiosk.journey.state.plan is None
    assert PageAdded("x", 1).pages == 1

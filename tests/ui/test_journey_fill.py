"""Situations, form and materials driven like a citizen: questions that change the materials, the form
pre-filled from a placed card, inline validation, the address picker, pages from the simulated
document camera, a licence shown as satisfied, and 'next' held back while something is missing."""

from __future__ import annotations

import numpy as np
import pytest

from devices.camera.synthetic import desk_photo
from kiosk.session import Step

pytestmark = pytest.mark.ui

HUKOU_MOVE = "370481-GA-HJ-002"  # 户口迁入（投靠配偶）: cross_province decides the materials
PENSION = "370481-RS-SB-001"  # no questions; sex, birth date and address pre-filled


def reach(ui, code: str, step: str, card: int | None = None):  # noqa: ANN001, ANN201
    """Start an application for ``code`` and jump to ``step``; with ``card``, place that sample card on
    the identify screen first (identification itself is engineer A's). Returns the identity, if any."""
    session = ui.services.session
    ui.services.journey.state.target_code = code
    session.start("apply")
    identity = None
    while session.step is not Step.IDENTIFY:
        session.next()
    ui.wait_until(lambda: ui.current == "identify", what="the identify screen")
    if card is not None:
        identity = ui.services.devices["idcard"].place_sample(card)
        ui.wait_until(lambda: session.draft.identity is not None, what="the card read")
    target = Step(step)
    while session.step is not target:
        session.next()
    ui.wait_until(lambda: ui.current == step, what=f"the {step} screen")
    ui.pump(3)
    ui.auto_shot()
    return identity


def tap_field(ui, widget_id: str) -> None:  # noqa: ANN001
    """Scroll the form to a field, then tap it."""
    from screens.walkthrough.fill_drive import tap_field as scroll_and_tap

    scroll_and_tap(ui, widget_id)


def test_answers_change_the_materials_list(ui) -> None:  # noqa: ANN001
    reach(ui, HUKOU_MOVE, "situations")
    assert "山东省外" in ui.find("question").text
    assert ui.find("next_button").disabled
    ui.tap("choice_yes")
    assert "户口迁移证" in ui.find("materials").text
    assert not ui.find("next_button").disabled
    ui.screenshot(ui.artifacts / "situations-answered.png")
    ui.tap("restart")
    ui.tap("choice_no")
    assert "户口迁移证" not in ui.find("materials").text
    assert ui.services.session.draft.answers == {"cross_province": "no"}
    ui.tap("next_button")
    assert ui.current == "form"
    ui.app.go_home()
    ui.pump(3)
    assert ui.current == "home"


def test_form_prefilled_from_a_placed_card_validated_and_address_picked(ui) -> None:  # noqa: ANN001
    identity = reach(ui, PENSION, "form", card=0)
    assert ui.find("field_applicant_name").text == identity.name
    assert ui.find("field_applicant_id_number").text == identity.id_number
    assert ui.find("applicant_address_city").text == "枣庄市"
    assert ui.find("next_button").disabled
    tap_field(ui, "field_applicant_phone")
    assert ui.find("keyboard").mode == "digits"
    for digit in "12345":
        ui.tap(f"num_{digit}")
    assert "手机号" in ui.find("error_applicant_phone").text
    ui.screenshot(ui.artifacts / "form-error.png")
    for _ in range(5):
        ui.tap("num_backspace")
    for digit in "13812345678":
        ui.tap(f"num_{digit}")
    assert ui.find("error_applicant_phone").text == ""
    tap_field(ui, "field_applicant_id_number")
    assert ui.find("keyboard").mode == "id"
    tap_field(ui, "field_bank_account")
    assert ui.find("keyboard").mode == "letters"
    ui.type_text("field_bank_account", "6222020200112233445")
    # address: another city and district from the pickers
    tap_field(ui, "applicant_address_city")
    ui.tap("pick_济南市")
    assert ui.find("applicant_address_district").text == "区/县"  # a new city clears the district
    tap_field(ui, "applicant_address_district")
    ui.screenshot(ui.artifacts / "form-district-picker.png")
    ui.tap("pick_历下区")
    address = ui.services.session.draft.form["applicant_address"]
    assert (address["city"], address["district"]) == ("济南市", "历下区")
    tap_field(ui, "applicant_address_detail")
    ui.screenshot(ui.artifacts / "form-detail.png")
    assert ui.find("keyboard").mode == "pinyin"
    assert ui.find("next_button").disabled  # the commitment is not ticked yet
    tap_field(ui, "field_commitment")
    assert not ui.find("next_button").disabled, ui.services.journey.filling.errors()
    ui.screenshot(ui.artifacts / "form-valid.png")
    ui.tap("next_button")
    assert ui.current != "form"
    ui.services.session.go_to(Step.FORM)  # back to the form: what was entered is still there
    ui.wait_until(lambda: ui.current == "form", what="the form again")
    assert ui.find("field_applicant_phone").text == "13812345678"
    ui.screenshot(ui.artifacts / "form-again.png")
    ui.tap("language_switch")
    assert ui.app.language == "en"
    assert "phone" in ui.find("label_applicant_phone").text.lower()
    ui.screenshot(ui.artifacts / "form-en.png")
    ui.app.go_home()
    ui.pump(3)
    assert ui.current == "home"
    form = ui.app.manager.get_screen("form")
    texts = [getattr(w, "text", "") for w in form.walk(restrict=True)]
    assert not any(identity.name in t or identity.id_number in t for t in texts)


def has(ui, widget_id: str) -> bool:  # noqa: ANN001
    try:
        ui.find(widget_id)
    except AssertionError:
        return False
    return True


def capture_one(ui, material_id: str, pages: int) -> None:  # noqa: ANN001
    """Wait until ``material_id`` has ``pages`` pages and the capture view shows it for review."""
    materials = ui.services.journey.materials
    ui.wait_until(lambda: len(materials.pages(material_id)) == pages, timeout=15, what=f"page {pages}")
    ui.wait_until(lambda: not ui.find("add_page").disabled, what="the review")


def test_materials_licence_satisfied_two_pages_captured_one_deleted(ui) -> None:  # noqa: ANN001
    reach(ui, HUKOU_MOVE, "situations", card=0)
    ui.tap("choice_yes")
    ui.services.session.next()
    ui.services.session.next()
    ui.wait_until(lambda: ui.current == "materials", what="the materials screen")
    ui.wait_until(lambda: ui.services.session.draft.licences is not None, timeout=10, what="the licences")
    ui.pump(3)
    assert ui.find("status_resident_id").text == "已从电子证照库获取，无需提交复印件"
    assert ui.find("status_migration_cert").text == "待拍摄"
    assert "户口迁移证" in ui.find("summary").text
    assert ui.find("next_button").disabled
    ui.screenshot(ui.artifacts / "materials-missing.png")
    camera = ui.services.devices["camera"]
    camera.show(desk_photo(np.random.default_rng(5), (960, 720), background="wood").image)
    try:
        ui.tap("capture_migration_cert")
        view = ui.find("camera_view")
        pages = ui.services.journey.materials.pages
        ui.wait_until(lambda: view.outline or pages("migration_cert"), timeout=15, what="the page outline")
        ui.screenshot(ui.artifacts / "materials-live-outline.png")
        capture_one(ui, "migration_cert", 1)
        assert view.outlines_shown > 0  # the live picture had the detected page outlined
        ui.screenshot(ui.artifacts / "materials-review.png")
        ui.tap("add_page")
        capture_one(ui, "migration_cert", 2)
        assert has(ui, "delete_page_1")
        ui.tap("delete_page_0")
        assert len(ui.services.journey.materials.pages("migration_cert")) == 1
        assert not has(ui, "delete_page_1")
        ui.tap("capture_done")
        assert ui.find("status_migration_cert").text == "已拍摄 1 页"
        assert ui.find("next_button").disabled  # the marriage certificate is still missing
        assert "结婚证" in ui.find("summary").text
        ui.tap("capture_marriage_cert")
        capture_one(ui, "marriage_cert", 1)
        ui.tap("capture_done")
    finally:
        camera.show(None)
    assert not ui.find("next_button").disabled
    ui.screenshot(ui.artifacts / "materials-ready.png")
    ui.tap("language_switch")
    assert ui.find("status_resident_id").text == "Taken from the electronic licence library; no copy needed"
    assert ui.find("status_migration_cert").text == "1 page(s) photographed"
    ui.screenshot(ui.artifacts / "materials-ready-en.png")
    ui.app.go_home()
    ui.pump(3)
    assert ui.current == "home"


def test_bundle_situations_form_and_materials_driven_through_the_screens(ui) -> None:  # noqa: ANN001
    from screens.walkthrough.fill_drive import drive_fill_step

    reach(ui, "370481-YJS-TX", "situations", card=0)  # 退休一件事: merged form, de-duplicated materials
    session = ui.services.session
    for step in (Step.SITUATIONS, Step.FORM, Step.MATERIALS):
        assert ui.current == step.value
        assert drive_fill_step(ui, step, "370481-YJS-TX")
        ui.wait_until(lambda s=step: ui.current != s.value, what=f"leaving {step.value}")
    assert session.step is Step.REVIEW
    assert ui.services.journey.filling.ready() and ui.services.journey.materials.ready()
    ui.app.go_home()
    ui.pump(3)
    assert ui.current == "home"

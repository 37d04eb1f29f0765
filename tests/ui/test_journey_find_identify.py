"""Catalog, guide and identify screens driven like a citizen: search by pinyin initials, a guide, an item
that needs a window (queue ticket), a simulated card, the typed fallback, an expired card, a reader fault
and face capture with the simulated camera's live preview."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from devices.camera.samples import FOLDER as CAMERA_SAMPLES
from devices.idnumber import check_char
from kiosk.session import Step
from screens.walkthrough.driver import DriverError

pytestmark = pytest.mark.ui

RESIDENCE = "370481-GA-JZ-001"  # 居住证申领
GOOD_ID = "37048119850612123" + check_char("37048119850612123")


@pytest.fixture
def kiosk(ui) -> Iterator:  # noqa: ANN001
    """The driven app; the camera back on its playlist and the platform without faults afterwards."""
    from kiosk.platform.faults import Faults

    camera = ui.services.devices["camera"]
    yield ui
    ui.services.journey.identify.wait_idle(10)
    camera.show(None)
    ui.services.platform.set_faults(Faults())
    if not ui.services.session.is_pristine():
        ui.services.session.end("reset")
    ui.pump(3)


def show_face(ui) -> None:  # noqa: ANN001
    ui.services.devices["camera"].show(cv2.imread(str(CAMERA_SAMPLES / "1_face.jpg")))


def show_nobody(ui) -> None:  # noqa: ANN001
    camera = ui.services.devices["camera"]
    camera.show(np.full((480, 640, 3), 128, np.uint8))
    ui.wait_until(lambda: int(camera.latest_frame().std()) == 0, 10, "an empty picture on the camera")


def to_catalog(ui) -> None:  # noqa: ANN001
    ui.services.session.start("apply")
    ui.wait_until(lambda: ui.current == "catalog", 5, "the catalog")
    ui.auto_shot()


def to_identify(ui, code: str = RESIDENCE) -> None:  # noqa: ANN001
    to_catalog(ui)
    ui.services.journey.finding.choose(code)
    ui.services.session.next()
    ui.wait_until(lambda: ui.current == "guide", 5, "the guide")
    ui.pump(3)
    ui.tap("start")
    ui.wait_until(lambda: ui.current == "identify", 5, "the identify screen")


def phase(ui) -> str:  # noqa: ANN001
    return ui.services.journey.identify.phase.value


def wait_phase(ui, wanted: str, timeout: float = 30) -> None:  # noqa: ANN001
    """Wait until the identify part and its screen both show ``wanted``."""
    screen = ui.app.manager.get_screen("identify")
    ui.wait_until(
        lambda: phase(ui) == wanted and screen.phase == wanted, timeout, f"identify phase {wanted} (now {phase(ui)})"
    )
    ui.pump(2)


def test_search_by_pinyin_initials_opens_the_guide(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    assert ui.services.ime.wait_ready(30)
    to_catalog(ui)
    assert ui.find("result_0").title == "一件事", "bundles come first among the groups"
    with pytest.raises(DriverError):
        ui.find("key_j")
    ui.tap("search")
    assert ui.find("keyboard").parent is not None, "tapping the search field opens the keyboard"
    for ch in "jzz":
        ui.tap(f"key_{ch}")
    assert ui.find("keyboard").composing == "jzz"
    assert ui.find("result_0").title.startswith("居住证"), ui.find("result_0").title
    ui.screenshot(ui.artifacts / "catalog-search-jzz.png")
    ui.tap("key_backspace")
    assert ui.find("keyboard").composing == "jz"
    assert ui.find("result_0").title.startswith("居住证"), "two initials find it too"
    ui.tap("result_0")
    assert ui.current == "guide"
    assert ui.services.journey.state.target_code == ui.services.session.item_code != ""
    assert ui.find("target_name").text.startswith("居住证")
    assert "本机可以办理" in ui.find("banner_text").text
    texts = [w.text for w in ui.find("sections").children]
    assert "申请材料" in texts and "办理时限" in texts and "收费标准" in texts
    assert ui.find("start").height / ui.app.theme.scale >= 120
    ui.tap("back_button")
    assert ui.current == "catalog"
    assert ui.find("keyboard").composing == "" and ui.find("title").text == "请选择要办理的事项"


def test_groups_by_audience_theme_and_department(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_catalog(ui)
    ui.tap("audience_enterprise")
    names = [ui.find(f"result_{n}").title for n in range(4)]
    assert "工程建设" in names
    ui.tap("by_department")
    ui.auto_shot("departments")
    assert any("局" in ui.find(f"result_{n}").title for n in range(3))
    ui.tap("result_0")
    assert ui.find("title").text == "一件事"
    ui.tap("result_0")
    assert ui.current == "guide" and ui.services.journey.state.target_kind == "bundle"
    assert ui.find("sections").children[-1].text == "一件事说明"
    ui.tap("language_switch")
    assert ui.find("sections").children[-1].text == "About this bundle"
    assert ui.find("start").text == "Start"
    ui.auto_shot()
    ui.services.session.end("idle")
    ui.pump(3)
    to_catalog(ui)
    screen = ui.app.manager.get_screen("catalog")
    assert (screen.audience, screen.grouping) == ("personal", "category"), "the next citizen starts afresh"


def test_item_not_possible_here_offers_a_queue_ticket(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_catalog(ui)
    ui.type_text("search", "施工许可")
    ui.tap("result_0")
    assert ui.current == "guide"
    assert "不能在本机办理" in ui.find("banner_text").text
    assert ui.find("start").text == "取号排队"
    ui.tap("start")
    ui.wait_until(lambda: "排队号" in ui.find("ticket").text, 20, "a queue ticket")
    ui.screenshot(ui.artifacts / "guide-ticket.png")
    assert ui.current == "guide" and ui.services.session.step is Step.GUIDE
    assert ui.find("start").text == "返回首页", "after the ticket the main action is going home"
    ui.tap("start")
    assert ui.current == "home"


def test_simulated_card_then_face_then_next_step(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_identify(ui)
    assert phase(ui) == "waiting_card"
    assert ui.find("message").text == "请将身份证平放在下方读卡区"
    assert ("zh-CN", "请将身份证放在读卡区，或选择其他方式。") in ui.services.devices["speech"].spoken
    ui.screenshot(ui.artifacts / "identify-place-card.png")
    show_face(ui)
    ui.services.devices["idcard"].place_sample(0)
    wait_phase(ui, "verified")
    assert ui.find("face_message").text == "身份核验通过"
    assert "张*" in ui.find("who").text and "370481198506121230" not in ui.find("who").text
    ui.screenshot(ui.artifacts / "identify-verified.png")
    ui.tap("identify_next")
    assert ui.services.session.step is Step.SITUATIONS
    ui.services.session.end("finished")
    ui.pump(3)
    screen = ui.app.manager.get_screen("identify")
    assert not screen.ids.body.children, "no panel (and no masked name) stays on the identify screen"


def test_typed_fallback_bad_check_digit_then_good(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_identify(ui)
    ui.tap("type_in")
    wait_phase(ui, "typing")
    ui.tap("typed_id")
    assert ui.find("keyboard").mode == "id"
    bad = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
    ui.type_text("typed_name", "张伟")
    for ch in bad:
        ui.tap("num_x" if ch == "X" else f"num_{ch}")
    assert ui.find("typed_id").text == bad
    ui.tap("typed_ok")
    assert "校验位" in ui.find("id_error").text and ui.find("name_error").text == ""
    ui.screenshot(ui.artifacts / "identify-typed-error.png")
    assert ui.services.session.draft.identity is None
    ui.find("typed_id").text = ""
    ui.type_text("typed_id", GOOD_ID)
    show_face(ui)
    ui.tap("typed_ok")
    wait_phase(ui, "verified")
    assert ui.services.session.draft.identity.document_type.value == "typed"


def test_expired_card_says_so_and_offers_other_ways(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_identify(ui)
    ui.services.devices["idcard"].place_sample(6)
    wait_phase(ui, "expired")
    assert "过有效期" in ui.find("message").text and "2020-01-01" in ui.find("message").text
    assert ui.find("use_sscard").opacity == 1 and ui.find("type_in").opacity == 1
    assert ui.find("retry_card").height == 0
    ui.screenshot(ui.artifacts / "identify-expired.png")
    assert ui.services.session.draft.identity is None
    ui.tap("use_sscard")
    wait_phase(ui, "waiting_sscard")
    assert ui.find("message").text == "请将社会保障卡插入读卡器"
    show_face(ui)
    ui.tap("demo_place")
    wait_phase(ui, "verified")
    assert ui.services.session.draft.identity.document_type.value == "social_security_card"


def test_reader_fault_then_read_again(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_identify(ui)
    reader = ui.services.devices["idcard"]
    reader.fail_next()
    reader.place_sample(0)
    wait_phase(ui, "reader_fault")
    assert "读卡失败" in ui.find("message").text
    ui.screenshot(ui.artifacts / "identify-reader-fault.png")
    ui.tap("retry_card")
    wait_phase(ui, "waiting_card")
    show_face(ui)
    ui.tap("demo_place")
    wait_phase(ui, "verified")


def test_face_capture_live_preview_hints_and_offline_platform(kiosk) -> None:  # noqa: ANN001
    from kiosk.platform.faults import Faults

    ui = kiosk
    to_identify(ui)
    show_nobody(ui)
    ui.services.platform.set_faults(Faults(drop_before=1.0))
    ui.services.devices["idcard"].place_sample(0)
    wait_phase(ui, "face")
    ui.wait_until(lambda: ui.find("face_hint").text == "请面对摄像头", 20, "the no-face hint")
    ui.wait_until(lambda: ui.find("preview").texture is not None, 5, "the live preview")
    assert ui.find("preview").texture.size == (640, 480)
    assert ("zh-CN", "请面对摄像头") in ui.services.devices["speech"].spoken
    ui.screenshot(ui.artifacts / "identify-face-hint.png")
    show_face(ui)
    texture = ui.find("preview").texture
    ui.wait_until(
        lambda: ui.find("preview").texture is None or len(set(texture.pixels[::997])) > 8,
        10,
        "the face in the live preview",
    )
    ui.screenshot(ui.artifacts / "identify-face-preview.png")
    wait_phase(ui, "offline", timeout=90)
    assert "无法连接" in ui.find("face_message").text
    assert ui.find("identify_next").opacity == 1
    ui.screenshot(ui.artifacts / "identify-offline.png")
    ui.tap("identify_next")
    assert ui.services.session.step is Step.SITUATIONS


def test_walkthrough_helper_crosses_catalog_guide_and_identify(kiosk) -> None:  # noqa: ANN001
    from screens.walkthrough.driver import drive_find_identify

    ui = kiosk
    session = ui.services.session
    show_face(ui)
    to_catalog(ui)
    for step in (Step.CATALOG, Step.GUIDE, Step.IDENTIFY):
        ui.wait_until(lambda s=step: ui.current == s.value, 5, f"the {step.value} screen")
        assert drive_find_identify(ui, step, "370481-GA-HJ-004")
        ui.pump(3)
    assert session.step is Step.SITUATIONS and session.item_code == "370481-GA-HJ-004"
    assert ui.services.journey.state.face_verified is True
    assert drive_find_identify(ui, Step.SITUATIONS, "370481-GA-HJ-004") is False


def test_failed_verification_retries_then_help(kiosk) -> None:  # noqa: ANN001
    ui = kiosk
    to_identify(ui)
    show_face(ui)
    part = ui.services.journey.identify
    ui.services.devices["idcard"].place_sample(3)  # the platform cannot verify a 2017 foreigner's permit number
    wait_phase(ui, "mismatch")
    assert "未通过" in ui.find("face_message").text
    assert ui.find("retry_face").opacity == 1 and ui.find("identify_next").height == 0
    ui.screenshot(ui.artifacts / "identify-mismatch.png")
    for _ in range(2):
        ui.tap("retry_face")
        ui.wait_until(lambda: part.phase.value == "mismatch" and not part._capturing, 30, "refused again")
        ui.pump(3)
    assert "呼叫帮办" in ui.find("face_message").text
    assert ui.find("face_help").opacity == 1 and ui.find("retry_face").height == 0
    ui.screenshot(ui.artifacts / "identify-help.png")
    ui.tap("back_button")
    assert ui.current == "guide", "never a dead end: back to the guide"


def test_social_security_card_asking_for_its_pin(kiosk) -> None:  # noqa: ANN001
    from devices.base import CardError

    ui = kiosk
    to_identify(ui)
    ui.tap("use_sscard")
    wait_phase(ui, "waiting_sscard")
    reader = ui.services.devices["idcard"]
    reader.publish(CardError(reader.name, "PIN required", kind="pin_required"))
    wait_phase(ui, "pin")
    for digit in "123456":
        ui.tap(f"num_{digit}")
    assert ui.find("pin").text == "123456"
    ui.screenshot(ui.artifacts / "identify-pin.png")
    ui.tap("pin_ok")
    assert ui.find("pin").text == "", "the PIN never stays in the field"
    assert ui.find("pin_message").text == "密码不正确，请重新输入", "the simulated reader takes no PIN"
    ui.tap("back_button")
    wait_phase(ui, "waiting_card")


def test_screens_in_elderly_mode_keep_their_main_actions_on_screen(kiosk) -> None:  # noqa: ANN001
    from kivy.core.window import Window

    ui = kiosk
    to_catalog(ui)
    ui.tap("elderly_toggle")
    assert ui.app.theme.elderly
    ui.screenshot(ui.artifacts / "catalog-elderly.png")
    ui.tap("result_1")
    ui.tap("result_0")
    assert ui.current == "guide"
    ui.screenshot(ui.artifacts / "guide-elderly.png")
    ui.tap("start")
    ui.tap("type_in")
    wait_phase(ui, "typing")
    ui.screenshot(ui.artifacts / "identify-typed-elderly.png")
    for widget_id in ("typed_name", "typed_id", "typed_ok", "key_a", "back_button"):
        widget = ui.find(widget_id)
        x, y = widget.to_window(*widget.pos)
        assert y >= 0 and y + widget.height <= Window.height, f"{widget_id} is off screen"
    assert ui.find("typed_ok").height / ui.app.theme.scale >= 120

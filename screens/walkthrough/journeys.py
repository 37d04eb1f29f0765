"""Scripted journeys through the real app, used by ``kiosk walkthrough`` and the UI tests.

Each journey takes a :class:`~screens.walkthrough.driver.UiDriver`, acts like a citizen, checks what it sees and
raises :class:`~screens.walkthrough.driver.DriverError` with the reason when the app does not behave.

The application journeys (``apply``, ``bundle``, ``offline``) use the real screens for every step
that has one; a step whose screen is not built yet is crossed by setting what that screen would have
produced (``fill_step``), using the same simulated card, the reference platform's licences and a
captured page, so the end of the journey always runs on real data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kiosk.journey.rehearsal import SAMPLE_ADDRESS, SAMPLE_PHONE, fill_step
from kiosk.session import Step
from screens.walkthrough.driver import DriverError, UiDriver, drive_find_identify, swipe

APPLY_ITEM = "370481-GA-HJ-004"
"""居民身份证换领: a personal item with licences and one page to capture."""
BUNDLE_CODE = "370481-YJS-TX"
"""退休一件事: three items, one merged form, de-duplicated materials."""


def expect(condition: bool, reason: str) -> None:
    """Fail the journey with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise DriverError(reason)


def home_journey(d: UiDriver) -> None:
    """Home → language switch → idle warning → idle timeout back to a Chinese home screen."""
    expect(d.current == "home", f"the kiosk should start at home, not {d.current}")
    expect("办事" in d.find("entry_apply").title, "home should be in Chinese at start")
    d.tap("language_switch")
    expect(d.app.language == "en", "language switch should turn the screen to English")
    expect(d.find("entry_apply").title == "Apply for a service", "the entry should read in English")
    session = d.services.session
    d.advance(session.idle_timeout_s + 1)
    expect(d.overlay_open(), "the idle warning should show after the idle timeout")
    d.advance(session.idle_warning_s + 1)
    expect(not d.overlay_open(), "the idle warning should close when the session ends")
    expect(d.current == "home", f"idle timeout should return home, not {d.current}")
    expect(d.app.language == "zh-CN", "the session end should restore Chinese")
    d.auto_shot("after-idle")


def coming_soon_journey(d: UiDriver) -> None:
    """Each entry point leads somewhere (its journey, or 'coming soon' while not built) and back home."""
    for entry in ("entry_apply", "entry_progress", "entry_queue", "entry_licences"):
        d.tap(entry)
        expect(d.current != "home", f"{entry} should lead somewhere, not stay at home")
        d.app.go_home()
        d.pump(3)
        expect(d.current == "home", "going home should return home")


def drive_citizen(d: UiDriver, step: Step, target: str) -> bool:
    """Cross catalog, guide, identify, situations, form and materials through their screens like a citizen."""
    from screens.walkthrough.fill_drive import drive_fill_step

    return drive_find_identify(d, step, target) or drive_fill_step(d, step, target)


def _has_screen(d: UiDriver, step: Step) -> bool:
    return d.app.manager.has_screen(step.value)


def reach_review(d: UiDriver, target: str, drive: Callable[[UiDriver, Step, str], bool] | None = None) -> None:
    """From home to the review screen: each step through its screen when ``drive`` handles it, else
    by :func:`fill_step`; one screenshot per step."""
    session = d.services.session
    expect(d.current == "home", f"a journey starts at home, not {d.current}")
    if d.app._has_screen_for("apply"):
        d.tap("entry_apply")
    else:
        session.start("apply")
        d.pump(3)
    while session.step is not Step.REVIEW:
        step = session.step
        d.pump(2)
        d.auto_shot(step.value)
        if drive is not None and _has_screen(d, step) and drive(d, step, target):
            expect(session.step is not step, f"the {step.value} screen should move on")
            continue
        fill_step(d.services, step, target)
        session.next()
        d.pump(3)
    d.wait_until(lambda: d.current == "review", what="the review screen")
    fill_step(d.services, Step.FORM, target)  # fields a form screen left empty (none once it keeps them)
    d.app.manager.get_screen("review").refresh()
    d.pump(2)


def sign_and_choose_delivery(d: UiDriver, delivery: str = "pickup") -> None:
    """Review → sign → delivery → submit."""
    d.auto_shot("review")
    swipe(d, d.find("signature_pad"))
    d.tap("review_next")
    d.wait_until(lambda: d.current == "delivery", what="the delivery screen")
    if delivery == "post":
        d.tap("delivery_post")
        field = d.find("post_address")
        field.text = ""
        d.type_text(field, SAMPLE_ADDRESS)
        phone = d.find("post_phone")
        phone.text = ""
        d.type_text(phone, SAMPLE_PHONE)
    else:
        d.tap("delivery_pickup")
    d.auto_shot(f"delivery-{delivery}")
    d.tap("delivery_submit")
    expect(
        d.current in ("submitting", "receipt"),
        f"submitting should follow delivery, not {d.current}: "
        f"{d.find('delivery_message').text if d.current == 'delivery' else ''}",
    )


def wait_receipt(d: UiDriver, timeout: float = 30.0) -> None:
    """Wait for the receipt screen and for the print attempt to end."""
    d.wait_until(lambda: d.current == "receipt", timeout=timeout, what="the receipt screen")
    d.wait_until(
        lambda: d.find("print_status").text not in ("", d.app.t("receipt.printing")),
        timeout=15,
        what="the receipt print result",
    )
    d.auto_shot("receipt")


def rate_and_finish(d: UiDriver, level: int = 5) -> None:
    """Receipt → rating → send a rating → finish at home."""
    d.tap("to_rating")
    expect(d.current == "rating", f"the rating screen should follow the receipt, not {d.current}")
    d.tap(f"rate_{level}")
    part = d.services.journey.submission
    first = part.reasons_for(level)[0]
    d.tap(f"reason_{first}")
    d.tap("rating_submit")
    d.wait_until(lambda: not d.app.manager.get_screen("rating").sending, timeout=15, what="the rating answer")
    d.auto_shot("rated")
    d.tap("rating_finish")
    d.wait_until(lambda: d.current == "home", what="home after finishing")
    expect(d.services.session.is_pristine(), "finishing should wipe the session")


def _platform_case(d: UiDriver, case_no: str) -> dict[str, Any]:
    cases = [c for c in d.services.platform.store.cases() if c["case_no"] == case_no]
    expect(len(cases) == 1, f"the reference platform should hold case {case_no}")
    return cases[0]


def apply_journey(d: UiDriver) -> None:
    """One item from home to rating with the simulated card, camera and the embedded platform."""
    reach_review(d, APPLY_ITEM, drive_citizen)
    sign_and_choose_delivery(d, "post")
    wait_receipt(d)
    state = d.services.journey.state
    expect(bool(state.case_no), "online, the receipt should carry the platform's case number")
    expect(d.find("reference").text == state.case_no, "the receipt screen should show the case number")
    case = _platform_case(d, state.case_no)
    expect(len(case["materials"]) >= 2, "the platform should hold the captured page and the signature")
    rate_and_finish(d)


def bundle_journey(d: UiDriver) -> None:
    """A one-thing bundle (merged form, de-duplicated materials) from home to rating."""
    reach_review(d, BUNDLE_CODE, drive_citizen)
    sign_and_choose_delivery(d, "pickup")
    wait_receipt(d)
    state = d.services.journey.state
    expect(bool(state.case_no), "online, the bundle's receipt should carry a case number")
    case = _platform_case(d, state.case_no)
    expect(case["item_code"] == BUNDLE_CODE, "the platform case should be the bundle")
    rate_and_finish(d, 4)


def offline_journey(d: UiDriver) -> None:
    """The platform unreachable: queued, receipt with the local reference; platform back, case delivered."""
    from kiosk.platform.faults import Faults

    platform = d.services.platform
    expect(platform is not None, "the offline journey needs the embedded reference platform")
    reach_review(d, APPLY_ITEM, drive_citizen)
    platform.set_faults(Faults(drop_before=1.0))
    try:
        sign_and_choose_delivery(d, "pickup")
        wait_receipt(d)
        state = d.services.journey.state
        expect(not state.case_no and bool(state.local_ref), "offline, the receipt should carry the local reference")
        expect(d.find("reference").text == state.local_ref, "the receipt screen should show the local reference")
        expect(
            d.services.require_sync().outbox.find(state.local_ref) is not None,
            "the application should be in the outbox",
        )
    finally:
        platform.set_faults(Faults())
    deadline = time.monotonic() + 60
    while not state.case_no and time.monotonic() < deadline:
        d.pump(5)
        time.sleep(0.05)
    expect(bool(state.case_no), "once the platform is back the queued application should get its case number")
    d.wait_until(lambda: d.find("reference").text == state.case_no, what="the case number on the receipt")
    d.auto_shot("case-arrived")
    _platform_case(d, state.case_no)
    rate_and_finish(d, 3)


def _lazy(module: str, name: str) -> Callable[[UiDriver], None]:
    """A journey function of another module, imported when it runs."""

    def run(d: UiDriver) -> None:
        import importlib

        getattr(importlib.import_module(module), name)(d)

    run.__doc__ = f"``{module}.{name}``."
    run.__name__ = name
    return run


JOURNEYS: dict[str, Callable[[UiDriver], None]] = {
    "home": home_journey,
    "coming_soon": coming_soon_journey,
    "apply": apply_journey,
    "bundle": bundle_journey,
    "offline": offline_journey,
    "progress": _lazy("screens.walkthrough.journeys_more", "progress_journey"),
    "ticket": _lazy("screens.walkthrough.journeys_more", "ticket_journey"),
    "licences": _lazy("screens.walkthrough.journeys_more", "licences_journey"),
    "elderly": _lazy("screens.walkthrough.journeys_access", "elderly_journey"),
    "english": _lazy("screens.walkthrough.journeys_access", "english_journey"),
    "admin": _lazy("screens.walkthrough.admin_journey", "admin_journey"),
    "handwriting": _lazy("screens.walkthrough.handwriting_journey", "handwriting_journey"),
}
"""Journeys by name for ``kiosk walkthrough --journey NAME``."""

"""Walk-throughs of the progress query, the queue ticket and the electronic licences (issue 9, items 1-3).

Register in ``screens.walkthrough.journeys.JOURNEYS``: ``"progress": progress_journey``, ``"ticket": ticket_journey``,
``"licences": licences_journey``. Each takes a :class:`~screens.walkthrough.driver.UiDriver` at home, acts like a
citizen with the simulated card, camera and printer and the embedded platform, checks what it sees and
ends at home.
"""

from __future__ import annotations

from typing import Any

from kiosk.journey.progress import paper_picture
from kiosk.session import Step
from screens.walkthrough.driver import DriverError, UiDriver, drive_find_identify

PROGRESS_ITEM = "370481-GA-HJ-004"
"""居民身份证换领: the application the progress walk-through submits first, then queries."""
WINDOW_ITEM = "370481-SP-JS-001"
"""建筑工程施工许可证核发: only at a window (first on the queue list)."""


def expect(condition: bool, reason: str) -> None:
    """Fail the walk-through with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise DriverError(reason)


def settle(d: UiDriver, frames: int = 6) -> None:
    """Let nested layouts catch up after a screen changed what it shows (before tapping or a picture)."""
    d.pump(frames)


def submit_sample_case(d: UiDriver, card: int = 0) -> tuple[str, bytes]:
    """Submit a rehearsal application for sample card ``card`` and print its receipt: (case number, the
    receipt's ESC/POS bytes). Leaves the kiosk at a pristine home."""
    import threading

    from kiosk.journey.rehearsal import fill_until_review
    from kiosk.journey.submission import ReceiptPrinted

    services = d.services
    part = fill_until_review(services, PROGRESS_ITEM, card)
    part.set_signature(b"\x89PNG\r\n\x1a\nsignature")
    part.choose_delivery("pickup")
    done = part.submit_blocking(part.build_application())
    expect(bool(done.case_no), "the rehearsal application should get a case number online")
    printed = threading.Event()
    off = services.bus.subscribe(ReceiptPrinted, lambda e: printed.set())
    try:
        part.print_receipt()
        expect(printed.wait(20), "the receipt should print")
    finally:
        off()
    job = services.devices["printer"].printed_jobs[-1]
    services.session.end("rehearsal submitted")
    d.pump(3)
    return done.case_no, job


def _progress_result(d: UiDriver, what: str) -> Any:  # noqa: ANN401 - the progress screen
    screen = d.app.manager.get_screen("progress")
    d.wait_until(lambda: screen.mode in ("result", "failed"), timeout=30, what=what)
    expect(screen.mode == "result", f"{what}: the query failed ({screen.message})")
    settle(d)
    return screen


def progress_journey(d: UiDriver) -> None:
    """Submit and print a receipt, then query it three ways: the receipt's QR on the camera, the typed
    case number, and the ID card (all the holder's cases)."""
    import numpy as np

    case_no, job = submit_sample_case(d)
    services = d.services
    camera = services.devices["camera"]
    blank = np.full((480, 640, 3), 128, np.uint8)
    try:
        camera.show(blank)  # nothing in front of the camera (the sample playlist holds a receipt too)
        d.wait_until(lambda: int(camera.latest_frame().std()) == 0, 10, "an empty camera picture")
        _progress_by_all_three_ways(d, case_no, job, blank)
    finally:
        camera.show(None)


def _progress_by_all_three_ways(d: UiDriver, case_no: str, job: bytes, blank: Any) -> None:  # noqa: ANN401
    services = d.services
    camera = services.devices["camera"]
    d.tap("entry_progress")
    expect(d.current == "progress", f"the progress entry should open the progress screen, not {d.current}")
    settle(d)
    d.auto_shot("ways")
    camera.show(paper_picture(services.devices["printer"], job))
    screen = _progress_result(d, "the receipt's QR code on the camera")
    expect(screen.ids.cases.children[-1].case_no == case_no, "the QR code should find the printed case")
    d.auto_shot("timeline-qr")
    camera.show(blank)  # the receipt is taken away
    d.wait_until(lambda: int(camera.latest_frame().std()) == 0, 10, "the receipt out of view")
    d.tap("again")
    settle(d)
    d.tap("type_number")
    settle(d)
    expect(screen.mode == "typing", "'type the case number' should open the keyboard")
    letters = "".join(c for c in case_no if c.isalpha())
    d.tap("letters_toggle")
    for ch in letters.lower():
        d.tap(f"key_{ch}")
    d.tap("letters_toggle")
    for ch in case_no[len(letters) :]:
        d.tap("dash" if ch == "-" else f"num_{ch}")
    expect(screen.ids.number.text.upper() == case_no, f"typed {screen.ids.number.text!r}, wanted {case_no}")
    d.auto_shot("typed")
    d.tap("query")
    _progress_result(d, "the typed case number")
    d.auto_shot("timeline-typed")
    d.tap("again")
    settle(d)
    services.devices["idcard"].place_sample(0)
    screen = _progress_result(d, "the placed ID card")
    numbers = [c.case_no for c in screen.ids.cases.children]
    expect(case_no in numbers, f"the card holder's cases should include {case_no}: {numbers}")
    d.auto_shot("timeline-card")
    d.tap("home_button")
    d.wait_until(lambda: d.current == "home", what="home after the progress query")
    expect(services.session.is_pristine(), "going home should wipe the session")


def ticket_journey(d: UiDriver) -> None:
    """Take a number from the platform (printed, people waiting), then one while the platform is down
    (the local fallback sequence, marked on screen and ticket)."""
    from kiosk.platform.faults import Faults

    services = d.services
    screen = d.app.manager.get_screen("queue")
    for offline in (False, True):
        d.tap("entry_queue")
        expect(d.current == "queue", f"the queue entry should open the queue screen, not {d.current}")
        settle(d)
        d.auto_shot("services")
        expect(d.find("service_0").code == WINDOW_ITEM, "window-only items should come first")
        d.tap("more")
        expect(screen.page == 1, "'next' should turn the page")
        d.tap("previous")
        if offline:
            services.platform.set_faults(Faults(drop_before=1.0))
        try:
            d.tap("service_0")
            d.wait_until(lambda: screen.mode == "ticket", timeout=30, what="the queue number")
        finally:
            services.platform.set_faults(Faults())
        settle(d)
        expect(screen.local == offline, "a local number exactly when the platform is down")
        expect(screen.number.startswith("L" if offline else "A"), f"unexpected number {screen.number}")
        expect(screen.printed, "the ticket should print")
        expect(bool(screen.waiting) != offline, "people waiting are shown for platform numbers only")
        d.auto_shot("ticket-local" if offline else "ticket")
        d.tap("done")
        d.wait_until(lambda: d.current == "home", what="home after the ticket")


def licences_journey(d: UiDriver) -> None:
    """Identify with the sample card and face, list the licences, show one's QR code, print a summary."""
    services = d.services
    d.tap("entry_licences")
    expect(d.current == "identify", f"licences start with identification, not {d.current}")
    expect(drive_find_identify(d, Step.IDENTIFY, ""), "the identify step should be driven")
    d.wait_until(lambda: d.current == "licences", timeout=10, what="the licences screen")
    screen = d.app.manager.get_screen("licences")
    d.wait_until(lambda: screen.mode in ("list", "failed"), timeout=30, what="the licence list")
    expect(screen.mode == "list" and len(screen.ids.licences.children) >= 1, "the holder's licences should list")
    settle(d)
    d.auto_shot("list")
    identity = services.session.draft.identity
    shown = " ".join(r.details for r in screen.ids.licences.children)
    expect(identity.id_number not in shown, "ID numbers are masked on the list")
    d.tap("licence_qr_0")
    settle(d)
    expect(screen.mode == "qr" and screen.qr_texture is not None, "the QR code should show")
    d.auto_shot("qr")
    d.tap("back_to_list")
    settle(d)
    printer = services.devices["printer"]
    before = len(printer.printed_jobs)
    d.tap("licence_print_0")
    d.wait_until(
        lambda: screen.print_text not in ("", d.app.t("licences.printing")), timeout=20, what="the summary print result"
    )
    expect(len(printer.printed_jobs) == before + 1, "one summary should print")
    settle(d)
    d.auto_shot("printed")
    d.tap("done")
    d.wait_until(lambda: d.current == "home", what="home after the licences")
    expect(services.session.is_pristine(), "going home should wipe the session")

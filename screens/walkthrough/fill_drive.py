"""Drive the situations, form and materials screens like a citizen (walk-throughs and UI tests).

:func:`drive_fill_step` fits :func:`screens.walkthrough.journeys.reach_review`'s ``drive`` argument: it handles the
three steps through their real screens (answers tapped, form fields typed and picked, pages captured
with the simulated document camera) and returns False for any other step.
"""

from __future__ import annotations

from typing import Any

from kiosk.journey.materials import sample_desk_frame
from kiosk.journey.rehearsal import sample_value
from kiosk.session import Step
from screens.walkthrough.driver import DriverError, UiDriver

TEXT_KINDS = frozenset({"text", "name", "id_number", "phone", "date", "number", "money"})


def _has(d: UiDriver, widget_id: str) -> bool:
    try:
        d.find(widget_id)
    except DriverError:
        return False
    return True


def tap_field(d: UiDriver, widget_id: str) -> None:
    """Scroll the current screen's list to a widget, then tap it."""
    widget = d.find(widget_id)
    for _ in range(40):  # the layout may still move (rows laid out, keyboard shown): until it is in view
        widget, scroll = d.find(widget_id), d.find("scroll")
        scroll.scroll_to(widget, animate=False)
        d.pump(3)
        _x, y = widget.to_window(*widget.center)
        _sx, bottom = scroll.to_window(scroll.x, scroll.y)
        if widget.get_parent_window() is not None and bottom <= y <= bottom + scroll.height:
            break
    else:
        raise DriverError(
            f"{widget_id} cannot be scrolled into view: at y={y:.0f}, list {bottom:.0f}+"
            f"{scroll.height:.0f}, in window: {widget.get_parent_window() is not None}, "
            f"content height {scroll.children[0].height if scroll.children else 0:.0f}"
        )
    d.tap(widget)


def answer_questions(d: UiDriver) -> None:
    """Answer every open question ('no' where offered, else the first option), then go on."""
    filling = d.services.journey.filling
    for _ in range(20):
        question = filling.next_question()
        if question is None:
            break
        value = "no" if question.kind == "yes_no" else question.choices[0].value
        d.tap(f"choice_{value}")
    d.auto_shot("situations-answered")
    d.tap("next_button")


def fill_form(d: UiDriver) -> None:
    """Fill every field the form still refuses, through the keyboard targets and pickers, then go on."""
    filling = d.services.journey.filling
    identity = d.services.session.draft.identity
    for spec in filling.fields():
        if spec.name not in filling.errors():
            continue
        value = sample_value(spec, identity)
        if spec.kind in TEXT_KINDS:
            tap_field(d, f"field_{spec.name}")
            d.find(f"field_{spec.name}").text = ""
            d.type_text(f"field_{spec.name}", str(value))
        elif spec.kind == "choice":
            tap_field(d, f"field_{spec.name}_{value}")
        elif spec.kind == "checkbox":
            tap_field(d, f"field_{spec.name}")
        elif spec.kind == "address":
            _pick_address(d, spec.name, value)
    d.auto_shot("form-filled")
    if d.find("next_button").disabled:
        raise DriverError(f"the form still refuses: {filling.errors()}")
    d.tap("next_button")


def _pick_address(d: UiDriver, name: str, value: dict[str, str]) -> None:
    for part in ("province", "city", "district"):
        tap_field(d, f"{name}_{part}")
        d.tap(f"pick_{value[part]}")
    tap_field(d, f"{name}_detail")
    d.find(f"{name}_detail").text = ""
    d.type_text(f"{name}_detail", value["detail"])


def capture_missing(d: UiDriver, timeout: float = 20.0) -> None:
    """Photograph one page of every missing material with the simulated camera, then go on."""
    materials = d.services.journey.materials
    camera: Any = d.services.devices["camera"]
    d.wait_until(lambda: materials.licences() is not None, timeout=timeout, what="the licences")
    d.pump(3)
    camera.show(sample_desk_frame())
    try:
        for item in materials.missing():
            tap_field(d, f"capture_{item.id}")
            d.wait_until(lambda i=item.id: len(materials.pages(i)) >= 1, timeout=timeout, what=f"a page of {item.name}")
            d.wait_until(lambda: not d.find("add_page").disabled, what="the page review")
            d.auto_shot(f"captured-{item.id}")
            d.tap("capture_done")
    finally:
        camera.show(None)
    d.auto_shot("materials-ready")
    if d.find("next_button").disabled:
        raise DriverError(f"materials still missing: {[m.name for m in materials.missing()]}")
    d.tap("next_button")


def drive_fill_step(d: UiDriver, step: Step, _target: str) -> bool:
    """Cross ``step`` through its screen when it is one of situations, form, materials."""
    actions = {Step.SITUATIONS: answer_questions, Step.FORM: fill_form, Step.MATERIALS: capture_missing}
    action = actions.get(step)
    if action is None or d.current != step.value:
        return False
    action(d)
    return True

"""The accessibility audit itself: it finds low contrast, small type and small targets by widget id, it
judges elderly mode by its larger type, and every walk-through runs under it (the ``ui`` fixture fails a
test whose screens have findings)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from screens.walkthrough.access_audit import AccessAudit, audit_screen, background, contrast
from screens.walkthrough.journeys import JOURNEYS

pytestmark = pytest.mark.ui

PROBE_KV = """
# Bad widgets are plain Labels and Buttons: KLabel's and KioskButton's class rules re-apply the theme's
# colour and sizes whenever elderly mode changes, which would repair them behind the test's back.
<ProbeLabel@Label>:
    size_hint_y: None
    height: 60 * app.theme.scale
    font_size: 38 * app.theme.scale
    color: 0, 0, 0, 1

<AuditProbe@Screen>:
    name: "audit_probe"
    canvas.before:
        Color:
            rgba: 1, 1, 1, 1
        Rectangle:
            pos: self.pos
            size: self.size
    BoxLayout:
        orientation: "vertical"
        KLabel:
            id: fine
            text: "正文 body text"
        ProbeLabel:
            id: faint
            text: "浅灰色的字"
            color: 0.75, 0.75, 0.75, 1
        ProbeLabel:
            id: small_print
            text: "小字"
            font_size: 12 * app.theme.scale
        ProbeLabel:
            id: fixed_size
            text: "固定字号"
            font_size: 30 * app.theme.scale
        BoxLayout:
            canvas.before:
                Color:
                    rgba: 0, 0, 0, 0.5
                Rectangle:
                    pos: self.pos
                    size: self.size
            ProbeLabel:
                id: on_veil
                text: "半透明黑底上的灰字"
                color: 0.4, 0.4, 0.4, 1
        ProbeLabel:
            id: too_long
            text: "Renewing a resident identity card, with a very long English name"
            size_hint_x: None
            width: 200 * app.theme.scale
        Button:
            id: tiny
            text: "小"
            font_size: 38 * app.theme.scale
            background_normal: ""
            background_color: 0, 0, 0.6, 1
            size_hint: None, None
            size: 40 * app.theme.scale, 40 * app.theme.scale
        KioskButton:
            id: switched_off
            text: "已停用"
            bg_color: 0.8, 0.8, 0.8, 1
            disabled: True
"""


_PROBES: list[Screen] = []
"""The probe screen, built once and kept alive: kv bindings to the theme outlive a removed screen."""


@pytest.fixture
def probe(ui) -> Iterator:  # noqa: ANN001
    """A screen of known good and bad widgets, shown outside any journey."""
    if not _PROBES:
        Builder.load_string(PROBE_KV, filename="audit_probe.kv")
        _PROBES.append(Factory.AuditProbe())
    screen = _PROBES[0]
    manager = ui.app.manager
    manager.add_widget(screen)
    manager.current = "audit_probe"
    ui.pump(4)
    yield screen
    manager.current = "home"
    ui.pump(2)
    manager.remove_widget(screen)


def _rules(findings: list) -> dict[str, set[str]]:  # noqa: ANN001
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.widget, set()).add(f.rule)
    return out


def test_wcag_contrast_of_known_pairs() -> None:
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast((0x76 / 255,) * 3, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)  # #767676: the AA edge
    assert contrast((0x77 / 255,) * 3, (1, 1, 1)) < 4.5


def test_audit_names_each_offending_widget_and_spares_the_good_ones(ui, probe) -> None:  # noqa: ANN001
    rules = _rules(audit_screen(ui.app, "audit_probe"))
    assert rules.get("faint") == {"contrast"}
    assert rules.get("small_print") == {"type size"}
    assert rules.get("on_veil") == {"contrast"}, "grey on a half-black veil over white is about 2:1"
    assert "touch target" in rules.get("tiny", set())
    assert rules.get("too_long") == {"text cut off"}
    for good in ("fine", "fixed_size", "switched_off"):
        assert good not in rules, f"{good} should pass: {rules.get(good)}"


def test_background_is_composited_from_the_ancestors(ui, probe) -> None:  # noqa: ANN001
    veil = background(probe.ids.on_veil)
    assert veil == pytest.approx((0.5, 0.5, 0.5), abs=0.01)
    assert background(probe.ids.fine) == pytest.approx((1, 1, 1), abs=0.01)


def test_elderly_mode_needs_larger_type(ui, probe) -> None:  # noqa: ANN001
    ui.app.toggle_elderly()
    try:
        ui.pump(3)
        assert ui.app.theme.elderly
        rules = _rules(audit_screen(ui.app, "audit_probe/elderly"))
    finally:
        ui.app.toggle_elderly()
        ui.pump(2)
    assert "type size" in rules.get("fixed_size", set()), "30 px does not grow in elderly mode: too small"
    assert "fine" not in rules


def test_audit_collects_each_finding_once_per_screen(ui, probe) -> None:  # noqa: ANN001
    audit = AccessAudit()
    audit.check(ui)
    audit.check(ui)
    assert "audit_probe" in audit.screens
    assert len(audit.findings) == len(set(audit.findings)) >= 4
    assert "faint" in audit.report()


def test_every_walkthrough_runs_in_a_ui_test_under_the_audit() -> None:
    called: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(node.func.id)
    missing = [name for name, journey in JOURNEYS.items() if journey.__name__ not in called]
    assert missing == [], f"walk-throughs no UI test runs (so never audited): {missing}"

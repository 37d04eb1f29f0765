"""The journey state machine: a step is left only when its rule allows it, and entered only with what it
needs — on the real services (catalog, embedded platform, simulated devices)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.journey.rehearsal import fill_step, fill_until_review
from kiosk.journey.steps import RULES
from kiosk.session import JOURNEYS, Step
from tests.kiosk_helpers import fresh_session

ITEM = "370481-GA-HJ-004"


@pytest.fixture
def kiosk(services) -> Iterator:  # noqa: ANN001
    """A fresh session at home, ended afterwards."""
    with fresh_session(services) as fresh:
        yield fresh


def test_catalog_is_not_left_before_a_service_is_chosen(kiosk: Any) -> None:
    machine = kiosk.journey.machine
    machine.start("apply")
    assert machine.step is Step.CATALOG
    refusal = machine.advance()
    assert refusal == kiosk.t("journey.not_ready")
    assert machine.step is Step.CATALOG, "a refusal does not move"
    kiosk.journey.finding.choose(ITEM)
    assert machine.advance() is None
    assert machine.step is Step.GUIDE


def test_identify_is_not_left_before_the_face_is_verified(kiosk: Any) -> None:
    machine = kiosk.journey.machine
    machine.start("apply")
    kiosk.journey.finding.choose(ITEM)
    machine.advance()
    machine.advance()
    assert machine.step is Step.IDENTIFY
    assert machine.advance() is not None and machine.step is Step.IDENTIFY
    fill_step(kiosk, Step.IDENTIFY, ITEM)
    assert machine.missing(Step.SUBMITTING) == ("signature",), "identified: only the signature is missing"


def test_review_says_sign_first_and_then_lets_go(kiosk: Any) -> None:
    machine = kiosk.journey.machine
    machine.start("apply")
    part = fill_until_review(kiosk, ITEM)
    session = kiosk.session
    while session.step is not Step.REVIEW:
        session.next()
    assert machine.advance() == kiosk.t("review.need_signature")
    part.set_signature(b"\x89PNG signature")
    assert machine.advance() is None
    assert machine.step is Step.DELIVERY
    assert not machine.go_to(Step.RATING), "only an earlier step can be jumped to"
    assert machine.go_to(Step.FORM) and machine.step is Step.FORM


def test_receipt_needs_a_submitted_application(kiosk: Any) -> None:
    assert kiosk.journey.machine.missing(Step.RECEIPT) == ("submitted",)
    kiosk.journey.state.local_ref = "LOCAL-1"
    assert kiosk.journey.machine.missing(Step.RECEIPT) == ()


def test_cancel_wipes_the_draft(kiosk: Any) -> None:
    machine = kiosk.journey.machine
    machine.start("apply")
    fill_until_review(kiosk, ITEM)
    assert not kiosk.session.draft.is_empty()
    machine.cancel()
    assert kiosk.session.draft.is_empty() and machine.step is Step.HOME


def test_every_rule_names_known_facts_and_every_journey_step_has_a_rule() -> None:
    from kiosk.journey.steps import FACTS

    for step, rule in RULES.items():
        assert rule.step is step
        assert set(rule.needs) <= set(FACTS), step
    apply = JOURNEYS["apply"]
    assert all(step in RULES for step in apply[1:]), "every step of the application has its rule"

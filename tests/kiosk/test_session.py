"""The journey state machine: steps, back/next rules, idle phases, and the wipe at the end."""

from __future__ import annotations

from datetime import date

import pytest

from devices.identity import DocumentType, Identity
from kiosk.clock import OffsetClock
from kiosk.errors import SessionError
from kiosk.events import EventBus, IdleWarning, SessionEnded, StepChanged
from kiosk.privacy import Redactor
from kiosk.session import IdlePhase, Session, Step


@pytest.fixture
def bus_events() -> tuple[EventBus, list]:
    bus = EventBus()
    seen: list = []
    bus.subscribe(object, seen.append)
    return bus, seen


@pytest.fixture
def session(bus_events: tuple[EventBus, list]) -> Session:
    return Session(bus_events[0], OffsetClock(), idle_timeout_s=60, idle_warning_s=10, redactor=Redactor())


def identity() -> Identity:
    return Identity(
        name="张三丰",
        id_number="11010519491231002X",
        document_type=DocumentType.RESIDENT_ID,
        address="山东省滕州市荆河街道",
        birth_date=date(1949, 12, 31),
        photo=b"\x01" * 1024,
    )


def test_apply_journey_walks_forward_and_back(session: Session, bus_events: tuple[EventBus, list]) -> None:
    assert session.step is Step.HOME
    assert session.start("apply") is Step.CATALOG
    assert session.next() is Step.GUIDE
    assert session.next() is Step.IDENTIFY
    assert session.back() is Step.GUIDE
    changes = [e for e in bus_events[1] if isinstance(e, StepChanged)]
    assert [(c.previous, c.step) for c in changes] == [
        ("home", "catalog"),
        ("catalog", "guide"),
        ("guide", "identify"),
        ("identify", "guide"),
    ]


def test_unknown_journey_and_start_away_from_home_are_refused(session: Session) -> None:
    with pytest.raises(SessionError, match="unknown journey"):
        session.start("teleport")
    session.start("apply")
    with pytest.raises(SessionError, match="only start at home"):
        session.start("queue")


def test_no_way_back_after_submitting(session: Session) -> None:
    session.start("apply")
    while session.step is not Step.SUBMITTING:
        session.next()
    assert not session.can_go_back()
    with pytest.raises(SessionError):
        session.back()
    with pytest.raises(SessionError):
        session.go_to(Step.FORM)


def test_go_to_only_reaches_earlier_steps(session: Session) -> None:
    session.start("apply")
    for _ in range(6):
        session.next()
    assert session.step is Step.REVIEW
    assert session.go_to(Step.FORM) is Step.FORM
    with pytest.raises(SessionError, match="not an earlier step"):
        session.go_to(Step.DELIVERY)


def test_back_from_first_step_cancels_to_home(session: Session, bus_events: tuple[EventBus, list]) -> None:
    session.start("queue")
    session.back()
    assert session.step is Step.HOME
    assert SessionEnded("cancelled") in bus_events[1]


def test_finishing_the_last_step_ends_the_session(session: Session, bus_events: tuple[EventBus, list]) -> None:
    session.start("progress")
    session.next()
    assert session.step is Step.HOME
    assert SessionEnded("finished") in bus_events[1]


def test_idle_warning_then_end_wipes_everything(session: Session, bus_events: tuple[EventBus, list]) -> None:
    clock = session.clock
    card = identity()
    session.start("apply")
    session.set_identity(card)
    session.set_language("en")
    session.draft.form["phone"] = "13812345678"
    session.draft.signature = b"png"
    assert session.tick() is IdlePhase.ACTIVE
    clock.advance(61)
    assert session.tick() is IdlePhase.WARNING
    warnings = [e for e in bus_events[1] if isinstance(e, IdleWarning)]
    assert warnings and warnings[-1].seconds_left == 9
    session.touch()
    assert session.tick() is IdlePhase.ACTIVE
    clock.advance(75)
    assert session.tick() is IdlePhase.EXPIRED
    assert SessionEnded("idle") in bus_events[1]
    assert session.step is Step.HOME
    assert session.language == "zh-CN"
    assert session.draft.is_empty()
    assert card.name == "" and card.id_number == "" and card.photo == b"" and card.birth_date is None
    assert session.redactor.redact("张三丰") == "张三丰"  # forgotten: no longer a remembered value


def test_pristine_home_never_times_out(session: Session) -> None:
    session.clock.advance(10_000)
    assert session.tick() is IdlePhase.ACTIVE


def test_language_change_alone_times_out_back_to_default(session: Session) -> None:
    session.set_language("en")
    session.clock.advance(71)
    assert session.tick() is IdlePhase.EXPIRED
    assert session.language == "zh-CN"


def test_elderly_mode_doubles_the_timeouts(session: Session) -> None:
    session.start("apply")
    session.set_elderly(True)
    session.clock.advance(100)
    assert session.tick() is IdlePhase.ACTIVE
    session.clock.advance(30)
    assert session.tick() is IdlePhase.WARNING


def test_identity_name_is_masked_in_logs_while_session_holds_it(session: Session) -> None:
    session.set_identity(identity())
    assert session.redactor.redact("申请人张三丰提交") == "申请人张**提交"

"""The PC/SC driver through a real pcscd, the vsmartcard-vpcd reader driver and the virtual card."""

from __future__ import annotations

import pytest

from devices.base import CardError, CardRead, CardRemoved, DeviceState, StatusChanged
from devices.idcard.virtual_sscard import ForeignCardApplet, SocialSecurityApplet
from devices.identity import DocumentType

from .conftest import VPCD_READER


def card_outcome(event) -> bool:
    return isinstance(event, CardRead | CardError)


def is_state(state: DeviceState):
    return lambda e: isinstance(e, StatusChanged) and e.status.state is state


@pytest.fixture
def social(samples):
    return next(s for s in samples if s.document_type is DocumentType.SOCIAL_SECURITY_CARD)


@pytest.fixture
def reader(pcscd, events):
    from devices.idcard.pcsc import PcscIdCardReader

    device = PcscIdCardReader(name="idcard", reader="00 00")
    device.add_listener(events)
    device.start()
    events.wait_for(is_state(DeviceState.READY))
    yield device
    device.stop()


def test_card_inserted_is_read_and_removal_reported(reader, virtual_card, events, social):
    assert reader.describe()["reader"] == VPCD_READER
    virtual_card.insert(SocialSecurityApplet(social))
    event = events.wait_for(card_outcome)
    assert isinstance(event, CardRead)
    identity = event.identity
    assert identity.document_type is DocumentType.SOCIAL_SECURITY_CARD
    assert (identity.name, identity.id_number, identity.nation) == ("李强", social.id_number, "汉")
    assert identity.extra["card_number"] == "SD0481234"
    virtual_card.remove()
    events.wait_for(lambda e: isinstance(e, CardRemoved))
    assert not [e for e in events.during(1.0) if card_outcome(e)]


def test_other_cards_are_answered_unsupported(reader, virtual_card, events):
    virtual_card.insert(ForeignCardApplet())
    event = events.wait_for(card_outcome)
    assert isinstance(event, CardError) and event.kind == "unsupported_card"
    assert "unsupported card" in event.reason and "不支持" in event.reason


def test_pin_protected_card_through_the_pin_entry_path(reader, virtual_card, events, social):
    assert reader.submit_pin("123456") is False
    virtual_card.insert(SocialSecurityApplet(social, pin="123456"))
    event = events.wait_for(card_outcome)
    assert isinstance(event, CardError) and event.kind == "pin_required"
    assert reader.waiting_for_pin
    for bad in ("12", "12345678901234", "１２３４５６", "12a456"):  # refused before the card: no try used up
        assert reader.submit_pin(bad)
        refused = events.wait_for(card_outcome)
        assert refused.kind == "pin_invalid" and "6 位数字" in refused.reason and reader.waiting_for_pin
    assert reader.submit_pin("654321")
    wrong = events.wait_for(card_outcome)
    assert wrong.kind == "pin_wrong" and "2 tries left" in wrong.reason
    reader.submit_pin("123456")
    read = events.wait_for(card_outcome)
    assert isinstance(read, CardRead) and read.identity.name == "李强"
    assert not reader.waiting_for_pin


def test_read_failing_once_is_retried_twice_is_reported(reader, virtual_card, events, social):
    applet = SocialSecurityApplet(social)
    applet.read_failures = 1
    virtual_card.insert(applet)
    assert isinstance(events.wait_for(card_outcome), CardRead)
    virtual_card.remove()
    events.wait_for(lambda e: isinstance(e, CardRemoved))
    applet = SocialSecurityApplet(social)
    applet.read_failures = 10
    virtual_card.insert(applet)
    error = events.wait_for(card_outcome)
    assert isinstance(error, CardError) and error.kind == "read_failed"


def test_card_swapped_mid_read_yields_the_new_card(reader, virtual_card, events, social, samples):
    first = SocialSecurityApplet(social)
    other = social.__class__(
        **{**{f: getattr(social, f) for f in social.__slots__}, "name": "周芳", "extra": dict(social.extra)}
    )
    virtual_card.swap_mid_read(first, SocialSecurityApplet(other))
    virtual_card.insert(first)
    outcomes = []
    while not outcomes or not isinstance(outcomes[-1], CardRead):
        outcomes.append(events.wait_for(card_outcome))
    assert outcomes[-1].identity.name == "周芳"
    assert all(not isinstance(e, CardRead) for e in outcomes[:-1])


def test_reader_not_present_is_offline(pcscd, events):
    from devices.idcard.pcsc import PcscIdCardReader

    device = PcscIdCardReader(reader="No Such Reader")
    device.add_listener(events)
    device.start()
    try:
        offline = events.wait_for(lambda e: isinstance(e, StatusChanged) and "no PC/SC reader" in e.status.reason)
        assert offline.status.state is DeviceState.OFFLINE
    finally:
        device.stop()


def test_pcsc_service_going_away_and_coming_back(pcscd, reader, virtual_card, events, social):
    if not pcscd.restartable:
        pytest.skip("a pcscd runs here that neither this test nor systemd (as root) can restart")
    virtual_card.insert(SocialSecurityApplet(social))
    assert isinstance(events.wait_for(card_outcome), CardRead)
    pcscd.stop()
    offline = events.wait_for(is_state(DeviceState.OFFLINE))
    assert "pcscd" in offline.status.reason
    assert any(isinstance(e, CardRemoved) for e in events.seen)
    pcscd.start()
    events.wait_for(is_state(DeviceState.READY), timeout=10)
    assert isinstance(events.wait_for(card_outcome, timeout=10), CardRead)


def test_slow_card_is_still_read(reader, virtual_card, events, social):
    virtual_card.delay_s = 0.05
    virtual_card.insert(SocialSecurityApplet(social))
    assert isinstance(events.wait_for(card_outcome), CardRead)

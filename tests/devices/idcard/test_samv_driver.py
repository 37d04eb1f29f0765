"""The serial SAM driver over a real pty against the SAM module simulator: reads, hot-plug, faults."""

from __future__ import annotations

import sys
import types

import pytest

from devices.base import CardError, CardRead, CardRemoved, DeviceState, StatusChanged
from devices.errors import ConfigurationError
from devices.idcard.sam_module import SamFault
from devices.idcard.samv import SamvIdCardReader

POLL = 0.05


def is_read(event) -> bool:
    return isinstance(event, CardRead)


def is_state(state: DeviceState):
    return lambda e: isinstance(e, StatusChanged) and e.status.state is state


@pytest.fixture
def reader(sam_sim, events):
    device = SamvIdCardReader(name="idcard", port=sam_sim.port, poll_interval_s=POLL, reply_timeout_s=0.3)
    device.add_listener(events)
    device.start()
    events.wait_for(is_state(DeviceState.READY))
    yield device
    device.stop()


def test_a_card_is_read_once_with_every_field_and_photo(reader, sam_sim, events, samples):
    sam_sim.module.place(samples[0])
    identity = events.wait_for(is_read).identity
    assert identity.name == samples[0].name and identity.id_number == samples[0].id_number
    assert identity.address == samples[0].address and identity.nation == "汉"
    assert identity.photo == samples[0].photo and len(identity.photo) == 1024
    assert identity.photo_image == b""
    later = events.during(20 * POLL)
    assert not [e for e in later if isinstance(e, CardRead | CardError)]
    assert sam_sim.module.reads == 1
    assert reader.describe()["sam_id"] == "05.01-20170301-000012345-000067890"


def test_swapping_cards_reports_removal_then_the_new_card(reader, sam_sim, events, samples):
    sam_sim.module.place(samples[0])
    events.wait_for(is_read)
    sam_sim.module.place(samples[3])
    events.wait_for(lambda e: isinstance(e, CardRemoved))
    assert events.wait_for(is_read).identity.english_name == "SMITH, JOHN ROBERT"


def test_unplug_and_replug_resumes_by_itself(reader, sam_sim, events, samples):
    sam_sim.unplug()
    offline = events.wait_for(is_state(DeviceState.OFFLINE))
    assert sam_sim.port in offline.status.reason
    sam_sim.replug()
    events.wait_for(is_state(DeviceState.READY))
    sam_sim.module.place(samples[1])
    assert events.wait_for(is_read).identity.valid_long_term


def test_a_read_failing_once_is_retried(reader, sam_sim, events, samples):
    sam_sim.module.inject(SamFault.READ_FAILURE, times=1)
    sam_sim.module.place(samples[0])
    assert events.wait_for(lambda e: isinstance(e, CardRead | CardError)).identity.name == "张伟"


@pytest.mark.parametrize("fault", [SamFault.CHECKSUM_ERROR, SamFault.TRUNCATED_FRAME])
def test_a_broken_reply_once_is_retried(reader, sam_sim, events, samples, fault):
    sam_sim.module.inject(fault, times=1)
    sam_sim.module.place(samples[2])
    event = events.wait_for(lambda e: isinstance(e, CardRead | CardError))
    assert isinstance(event, CardRead)
    assert event.identity.extra["pass_number"] == "H12345678"


@pytest.mark.parametrize("fault", [SamFault.READ_FAILURE, SamFault.CHECKSUM_ERROR, SamFault.TRUNCATED_FRAME])
def test_a_read_failing_twice_is_reported_once_until_the_card_is_placed_again(reader, sam_sim, events, samples, fault):
    sam_sim.module.inject(fault, times=2)
    sam_sim.module.place(samples[0])
    error = events.wait_for(lambda e: isinstance(e, CardRead | CardError))
    assert isinstance(error, CardError) and error.kind == "read_failed"
    assert "please place it again" in error.reason
    assert not [e for e in events.during(10 * POLL) if isinstance(e, CardRead | CardError)]
    sam_sim.module.lift()
    events.during(4 * POLL)
    sam_sim.module.place(samples[0])
    assert events.wait_for(lambda e: isinstance(e, CardRead | CardError)).identity.name == "张伟"


def test_slow_bytes_still_read(reader, sam_sim, events, samples):
    sam_sim.module.slow_pause_s = 0.005
    sam_sim.module.inject(SamFault.SLOW_BYTES)
    sam_sim.module.place(samples[4])
    event = events.wait_for(lambda e: isinstance(e, CardRead | CardError))
    assert event.identity.english_name == samples[4].english_name


def test_card_swapped_mid_read_yields_the_new_card_only(reader, sam_sim, events, samples):
    sam_sim.module.inject(SamFault.SWAP_MID_READ, times=1, swap_to=samples[1])
    sam_sim.module.place(samples[0])
    event = events.wait_for(lambda e: isinstance(e, CardRead | CardError))
    assert event.identity.name == samples[1].name
    assert event.identity.id_number == samples[1].id_number


def test_no_card_fault_means_no_read_until_cleared(reader, sam_sim, events, samples):
    sam_sim.module.inject(SamFault.NO_CARD)
    sam_sim.module.place(samples[0])
    assert not [e for e in events.during(10 * POLL) if isinstance(e, CardRead | CardError)]
    sam_sim.module.clear_faults()
    events.wait_for(is_read)


def test_sam_failure_degrades_and_recovers(reader, sam_sim, events):
    sam_sim.module.inject(SamFault.SAM_FAILURE)
    degraded = events.wait_for(is_state(DeviceState.DEGRADED))
    assert "SAM self-test failed" in degraded.status.reason
    sam_sim.module.clear_faults()
    events.wait_for(is_state(DeviceState.READY))


def test_invalid_check_digit_arrives_flagged(reader, sam_sim, events, samples):
    sam_sim.module.place(samples[6])
    identity = events.wait_for(is_read).identity
    assert identity.id_number == "370481199001011235" and identity.id_number_valid is False


def test_port_absent_at_start_is_offline_then_resumes(sam_sim, events, samples):
    sam_sim.unplug()
    device = SamvIdCardReader(port=sam_sim.port, poll_interval_s=POLL)
    device.add_listener(events)
    device.start()
    try:
        offline = events.wait_for(lambda e: isinstance(e, StatusChanged) and "not present" in e.status.reason)
        assert offline.status.state is DeviceState.OFFLINE
        sam_sim.replug()
        sam_sim.module.place(samples[0])
        events.wait_for(is_read)
    finally:
        device.stop()


def test_photo_decoder_plugin_is_used_and_its_failure_is_not_fatal(sam_sim, events, samples, monkeypatch):
    plugin = types.ModuleType("wlt_plugin_for_test")
    plugin.decode = lambda wlt: b"BM" + wlt[:10]
    plugin.broken = lambda wlt: 1 / 0
    monkeypatch.setitem(sys.modules, "wlt_plugin_for_test", plugin)
    for spec, expected in (
        ("wlt_plugin_for_test:decode", b"BM" + samples[0].photo[:10]),
        ("wlt_plugin_for_test:broken", b""),
    ):
        device = SamvIdCardReader(port=sam_sim.port, poll_interval_s=POLL, photo_decoder=spec)
        device.add_listener(events)
        device.start()
        try:
            sam_sim.module.place(samples[0])
            assert events.wait_for(is_read).identity.photo_image == expected
        finally:
            device.stop()
            sam_sim.module.lift()


def test_bad_options_are_configuration_errors():
    with pytest.raises(ConfigurationError, match="needs a serial port"):
        SamvIdCardReader(port="")
    with pytest.raises(ConfigurationError, match="package.module:function"):
        SamvIdCardReader(port="/dev/null", photo_decoder="nonsense")
    with pytest.raises(ConfigurationError, match="cannot load"):
        SamvIdCardReader(port="/dev/null", photo_decoder="no_such_module_x:decode")


def test_a_card_left_on_a_sticky_module_is_not_a_new_card_every_second(reader, sam_sim, events, samples):
    sam_sim.module.inject(SamFault.STICKY_CARD)  # the module keeps answering "found" for the card read
    sam_sim.module.place(samples[0])
    events.wait_for(is_read)
    later = events.during(3.0)  # 60 polls
    assert not [e for e in later if isinstance(e, CardRead | CardRemoved | CardError)]
    assert sam_sim.module.reads <= 3, "re-checked at most every 2 s, not at every poll"
    sam_sim.module.place(samples[3])  # another card is still noticed
    events.wait_for(lambda e: isinstance(e, CardRemoved), timeout=5)
    assert events.wait_for(is_read, timeout=5).identity.english_name == "SMITH, JOHN ROBERT"

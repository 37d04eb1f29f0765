import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.base import DeviceState
from devices.errors import ProtocolError
from devices.printer.status import Paper, PrinterStatus, online_byte, paper_byte, parse_online, parse_paper


def test_reference_bytes():
    assert parse_online(b"\x12") is True
    assert parse_online(b"\x1a") is False
    assert parse_paper(b"\x12") is Paper.OK
    assert parse_paper(b"\x1e") is Paper.NEAR_END
    assert parse_paper(b"\x72") is Paper.OUT


@pytest.mark.parametrize("reply", [b"", b"\x00", b"\x80", b"\x13", b"\xff"])
def test_malformed_replies_are_protocol_errors(reply):
    with pytest.raises(ProtocolError):
        parse_online(reply)
    with pytest.raises(ProtocolError):
        parse_paper(reply)


@given(st.binary(min_size=0, max_size=3))
def test_any_reply_decodes_or_is_a_typed_error(reply):
    for parse in (parse_online, parse_paper):
        try:
            parse(reply)
        except ProtocolError:
            pass


@pytest.mark.parametrize("paper", list(Paper))
def test_simulator_bytes_decode_to_their_state(paper):
    assert parse_online(bytes([online_byte(True)])) is True
    assert parse_online(bytes([online_byte(False)])) is False
    expected = Paper.OK if paper is Paper.UNKNOWN else paper
    assert parse_paper(bytes([paper_byte(paper)])) is expected


def test_reports():
    assert PrinterStatus(True, Paper.OK).report().state is DeviceState.READY
    assert PrinterStatus(True, Paper.NEAR_END).can_print
    assert PrinterStatus(True, Paper.NEAR_END).report().state is DeviceState.DEGRADED
    assert not PrinterStatus(True, Paper.OUT).can_print
    assert "缺纸" in PrinterStatus(True, Paper.OUT).report().reason
    assert PrinterStatus(False, Paper.OK).report().state is DeviceState.OFFLINE


def test_paper_end_wins_over_the_offline_bit_an_epson_sets_with_it():
    report = PrinterStatus(False, Paper.OUT).report()  # DLE EOT 1 says offline, DLE EOT 4 says paper end
    assert "缺纸" in report.reason and "离线" not in report.reason
    assert report.state is DeviceState.DEGRADED

"""The network driver against the TCP printer simulator: real sockets, real DLE EOT bytes."""

import socket

import pytest

from devices.base import DeviceState, StatusChanged
from devices.printer.backends.network import NetworkPrinter
from devices.printer.profile import load_profile
from devices.printer.result import REPRINT_AT_WINDOW_ZH, PrinterWarning, PrintOutcome
from devices.printer.simulator import SimState, TcpPrinterSimulator
from devices.printer.status import Paper
from kiosk.receipts import build_receipt_job, receipt_job_id, sample_receipt
from tests.devices.printer.conftest import PROFILES


@pytest.fixture
def job(profile80) -> bytes:
    return build_receipt_job(sample_receipt(), profile80)


def printer_for(sim: TcpPrinterSimulator, profile="generic-80mm", **options) -> NetworkPrinter:
    options.setdefault("timeout_s", 1.0)
    return NetworkPrinter(
        "printer", host=sim.host, port=sim.port, profile_path=str(PROFILES / f"{profile}.toml"), **options
    )


def test_simulator_answers_real_status_bytes(simulator):
    with socket.create_connection((simulator.host, simulator.port), timeout=2) as s:
        s.sendall(b"\x10\x04\x01")
        assert s.recv(1) == b"\x12"
        simulator.state.paper = Paper.NEAR_END
        s.sendall(b"\x10\x04\x04")
        assert s.recv(1) == b"\x1e"
        simulator.state.paper = Paper.OUT
        s.sendall(b"\x10\x04\x04")
        assert s.recv(1) == b"\x72"


def test_prints_once_and_the_printer_got_exactly_the_job(simulator, job):
    printer = printer_for(simulator)
    printer.start()
    assert printer.status.state is DeviceState.READY
    result = printer.print_job(receipt_job_id("app-1"), job)
    assert result.outcome is PrintOutcome.PRINTED and result.printed
    assert simulator.engine.printed_jobs == [job]
    assert simulator.engine.status_queries == 6  # start, before and after: online + paper each time


def test_a_retry_never_prints_twice_and_reprint_is_explicit(simulator, job, caplog):
    printer = printer_for(simulator)
    first = printer.print_job("receipt:app-2", job)
    again = printer.print_job("receipt:app-2", job)
    assert first.outcome is PrintOutcome.PRINTED
    assert again.outcome is PrintOutcome.ALREADY_PRINTED and again.printed
    assert len(simulator.engine.printed_jobs) == 1
    reprint = printer.reprint("receipt:app-2", job, "citizen lost it")
    assert reprint.outcome is PrintOutcome.PRINTED and reprint.job_id == "receipt:app-2#reprint-1"
    assert len(simulator.engine.printed_jobs) == 2
    assert "reprint 1 of print job receipt:app-2 requested: citizen lost it" in caplog.text
    assert printer.reprint("receipt:app-2", job).job_id == "receipt:app-2#reprint-2"


@pytest.mark.parametrize(
    ("state", "expected_state", "word"),
    [
        ("out", DeviceState.DEGRADED, "缺纸"),
        ("offline", DeviceState.OFFLINE, "离线"),
    ],
)
def test_paper_out_or_offline_prints_nothing_and_says_so(job, state, expected_state, word):
    with TcpPrinterSimulator(state) as sim:
        printer = printer_for(sim)
        result = printer.print_job("receipt:app-3", job)
        assert result.outcome is PrintOutcome.NOT_PRINTED and not result.printed
        assert result.status.state is expected_state and word in result.status.reason
        assert REPRINT_AT_WINDOW_ZH in result.message_zh and "reprinted" in result.message_en
        assert sim.engine.jobs == []  # not one byte of the job was sent
        sim.engine.state = SimState()  # paper loaded / printer back: the same job may now print
        assert printer.print_job("receipt:app-3", job).outcome is PrintOutcome.PRINTED
        assert sim.engine.printed_jobs == [job]


def test_paper_near_end_prints_and_warns_the_technician(job):
    with TcpPrinterSimulator("near_end") as sim:
        printer = printer_for(sim)
        events = []
        printer.add_listener(events.append)
        result = printer.print_job("receipt:app-4", job)
        assert result.outcome is PrintOutcome.PRINTED and "near end" in result.warning
        assert printer.status.state is DeviceState.DEGRADED
        assert any(isinstance(e, PrinterWarning) for e in events)
        assert any(isinstance(e, StatusChanged) and e.status.state is DeviceState.DEGRADED for e in events)
        assert sim.engine.printed_jobs == [job]


def test_disconnect_mid_job_is_interrupted_and_never_resent_blindly(job):
    with TcpPrinterSimulator("disconnect") as sim:
        printer = printer_for(sim)
        result = printer.print_job("receipt:app-5", job)
        assert result.outcome is PrintOutcome.INTERRUPTED and not result.printed
        assert printer.status.state is DeviceState.OFFLINE
        assert len(sim.engine.jobs) == 1 and not sim.engine.jobs[0].complete
        retry = printer.print_job("receipt:app-5", job)
        assert retry.outcome is PrintOutcome.INTERRUPTED
        assert len(sim.engine.jobs) == 1  # the retry sent nothing
        assert printer.reprint("receipt:app-5", job, "cable fixed").printed
        assert sim.engine.printed_jobs == [job]


def test_paper_running_out_during_the_job_is_interrupted(job):
    with TcpPrinterSimulator("paper_runs_out") as sim:
        printer = printer_for(sim)
        result = printer.print_job("receipt:app-6", job)
        assert result.outcome is PrintOutcome.INTERRUPTED and "缺纸" in result.status.reason
        assert sim.engine.printed_jobs == []


def test_printer_that_does_not_answer_status(job):
    with TcpPrinterSimulator("no_status") as sim:
        asked = printer_for(sim, timeout_s=0.3)
        result = asked.print_job("receipt:app-7", job)
        assert result.outcome is PrintOutcome.NOT_PRINTED and "no answer" in result.status.reason
        no_status_profile = load_profile(PROFILES / "pos58-gbk.toml")
        assert not no_status_profile.status
        trusting = printer_for(sim, profile="pos58-gbk")
        assert trusting.print_job("receipt:app-7", job).outcome is PrintOutcome.PRINTED


def test_printer_not_listening_is_offline_not_an_exception(job):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens on it once closed
    printer = NetworkPrinter("printer", host="127.0.0.1", port=port, timeout_s=0.5)
    printer.start()
    assert printer.status.state is DeviceState.OFFLINE and "cannot open" in printer.status.reason
    assert printer.print_job("receipt:app-8", job).outcome is PrintOutcome.NOT_PRINTED


def test_job_ledger_survives_a_restart(simulator, job, tmp_path):
    ledger = tmp_path / "jobs.jsonl"
    assert printer_for(simulator, job_ledger=ledger).print_job("receipt:app-9", job).printed
    restarted = printer_for(simulator, job_ledger=ledger)
    assert restarted.print_job("receipt:app-9", job).outcome is PrintOutcome.ALREADY_PRINTED
    assert len(simulator.engine.printed_jobs) == 1
    assert "张三" not in ledger.read_text(encoding="utf-8")


def test_crash_while_sending_is_not_resent_after_restart(simulator, job, tmp_path):
    ledger = tmp_path / "jobs.jsonl"
    ledger.write_text('{"job": "receipt:app-10", "state": "sending", "at": 0}\nnot json\n', encoding="utf-8")
    printer = printer_for(simulator, job_ledger=ledger)
    assert printer.print_job("receipt:app-10", job).outcome is PrintOutcome.INTERRUPTED
    assert simulator.engine.jobs == []


def test_raster_job_bytes_that_look_like_status_queries_are_not_answered():
    rows = b"\x10\x04\x01" * 4  # an image whose every row reads DLE EOT 1
    data = b"\x1b@" + b"\x1dv0\x00" + bytes([3, 0, 4, 0]) + rows + b"ok\n"
    with TcpPrinterSimulator("ok") as sim:
        printer = printer_for(sim)
        assert printer.print_job("raster", data).printed
        assert sim.engine.status_queries == 4  # two before the job, two after: none from the image
        assert sim.engine.printed_jobs == [data]


def test_empty_job_id_is_refused(simulator, job):
    with pytest.raises(ValueError):
        printer_for(simulator).print_job("", job)


def test_receipt_and_ticket_helpers_print_once(simulator, profile80):
    from kiosk.receipts import print_receipt, print_ticket, reprint_receipt, sample_ticket

    printer = printer_for(simulator)
    receipt = sample_receipt()
    assert print_receipt(printer, receipt, "app-42").outcome is PrintOutcome.PRINTED
    assert print_receipt(printer, receipt, "app-42").outcome is PrintOutcome.ALREADY_PRINTED
    assert reprint_receipt(printer, receipt, "app-42", "window staff").printed
    assert print_ticket(printer, sample_ticket()).printed
    assert print_ticket(printer, sample_ticket()).outcome is PrintOutcome.ALREADY_PRINTED
    jobs = simulator.engine.printed_jobs
    assert len(jobs) == 3 and jobs[0] == jobs[1] == build_receipt_job(receipt, profile80)


def test_a_retry_result_carries_the_status_read_now_not_the_old_reason(job):
    with TcpPrinterSimulator("disconnect") as sim:
        printer = printer_for(sim)
        assert printer.print_job("receipt:app-9", job).outcome is PrintOutcome.INTERRUPTED
        assert printer.status.state is DeviceState.OFFLINE
        sim.engine.state.disconnect_after = None  # the cable is back; then the paper runs out
        sim.engine.state.paper = Paper.OUT
        retry = printer.print_job("receipt:app-9", job)
        assert retry.outcome is PrintOutcome.INTERRUPTED and "缺纸" in retry.status.reason
        assert len(sim.engine.jobs) == 1  # still nothing sent again

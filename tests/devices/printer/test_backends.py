"""Serial over a real pty, the file backend, the registry and the kiosk's printer settings."""

import shutil

import pytest

from devices import registry
from devices.base import DeviceState
from devices.errors import ConfigurationError
from devices.printer.backends.cups import CupsPrinter
from devices.printer.backends.file import FilePrinter
from devices.printer.backends.serial import SerialPrinter
from devices.printer.result import PrintOutcome
from devices.printer.simulated import SimulatedPrinter
from devices.printer.simulator import PtyPrinterSimulator, SimState
from kiosk.errors import ConfigError
from kiosk.receipts import build_ticket_job, sample_ticket
from kiosk.settings import load_settings
from tests.devices.printer.conftest import PROFILES


@pytest.fixture
def ticket(profile58) -> bytes:
    return build_ticket_job(sample_ticket(), profile58)


def serial_printer(port: str, **options) -> SerialPrinter:
    options.setdefault("timeout_s", 1.0)
    return SerialPrinter("printer", serial_port=port, profile_path=str(PROFILES / "generic-58mm.toml"), **options)


def test_serial_status_and_print_over_a_pty(ticket):
    with PtyPrinterSimulator("ok") as sim:
        printer = serial_printer(sim.port)
        printer.start()
        assert printer.status.state is DeviceState.READY
        assert printer.print_job("ticket:1", ticket).outcome is PrintOutcome.PRINTED
        assert printer.print_job("ticket:1", ticket).outcome is PrintOutcome.ALREADY_PRINTED
        assert sim.engine.printed_jobs == [ticket]


def test_serial_paper_out_and_near_end_over_a_pty(ticket):
    with PtyPrinterSimulator("out") as sim:
        printer = serial_printer(sim.port)
        result = printer.print_job("ticket:2", ticket)
        assert result.outcome is PrintOutcome.NOT_PRINTED and "缺纸" in result.status.reason
        assert sim.engine.jobs == []
        sim.engine.state = SimState.named("near_end")
        result = printer.print_job("ticket:2", ticket)
        assert result.printed and result.warning


def test_serial_line_going_silent_mid_job_is_interrupted(ticket):
    with PtyPrinterSimulator("disconnect") as sim:
        printer = serial_printer(sim.port, timeout_s=0.3)
        assert printer.print_job("ticket:3", ticket).outcome is PrintOutcome.INTERRUPTED
        assert printer.print_job("ticket:3", ticket).outcome is PrintOutcome.INTERRUPTED
        assert sim.engine.printed_jobs == []


def test_missing_serial_port_is_offline_with_the_port_named(ticket):
    printer = serial_printer("/dev/ttyNOPE-printer")
    result = printer.print_job("ticket:4", ticket)
    assert result.outcome is PrintOutcome.NOT_PRINTED
    assert "/dev/ttyNOPE-printer" in result.status.reason


def test_file_backend_writes_exactly_the_job(tmp_path, ticket):
    out = tmp_path / "lp0"
    printer = FilePrinter("printer", file_path=str(out))
    assert not printer.queries_status
    assert printer.print_job("ticket:5", ticket).printed
    assert out.read_bytes() == ticket


def test_file_backend_unwritable_path_is_not_printed(tmp_path, ticket):
    printer = FilePrinter("printer", file_path=str(tmp_path / "no" / "such" / "dir" / "lp0"))
    assert printer.print_job("ticket:6", ticket).outcome is PrintOutcome.NOT_PRINTED


def test_cups_queue_that_cannot_be_reached_is_not_printed(ticket):
    # Without the CUPS client: "lp not installed"; with it: the queue does not exist. Never prints.
    result = CupsPrinter("printer", cups_queue="no-such-queue-kiosk-test").print_job("ticket:7", ticket)
    assert result.outcome is PrintOutcome.NOT_PRINTED
    assert "cups:no-such-queue-kiosk-test" in result.status.reason


@pytest.mark.parametrize("backend", ["simulated", "network", "serial", "usb", "cups", "file"])
def test_registry_builds_every_backend_from_the_settings_section(backend, monkeypatch):
    monkeypatch.setenv("KIOSK__DEVICES__PRINTER__BACKEND", backend)
    monkeypatch.setenv("KIOSK__DEVICES__PRINTER__PROFILE", "generic-58mm")
    if backend == "usb":
        monkeypatch.setenv("KIOSK__DEVICES__PRINTER__USB_VENDOR_ID", "1046")
        monkeypatch.setenv("KIOSK__DEVICES__PRINTER__USB_PRODUCT_ID", "20497")
    section = load_settings().devices.printer
    device = registry.create("printer", section.backend, name="printer", **section.model_dump(exclude={"backend"}))
    assert device.kind == "printer"
    assert device.profile.paper_mm == 58


def test_simulated_backend_is_the_real_driver_on_loopback(ticket):
    printer = SimulatedPrinter(name="printer", simulated_state="ok", profile_path=str(PROFILES / "generic-58mm.toml"))
    printer.start()
    try:
        assert printer.describe()["target"].startswith("127.0.0.1:")
        assert printer.print_job("ticket:8", ticket).printed
        assert printer.printed_jobs == [ticket]
    finally:
        printer.stop()


def test_settings_name_unknown_profiles_and_resolve_paths(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.printer]\nprofile = "epson-xyz"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert "epson-xyz" in str(caught.value) and "generic-80mm" in str(caught.value)
    shutil.copy(PROFILES / "generic-58mm.toml", tmp_path / "mine.toml")
    config.write_text('[devices.printer]\nprofile = "mine.toml"\njob_ledger = "var/jobs.jsonl"\n', encoding="utf-8")
    section = load_settings(config, environ={}).devices.printer
    assert section.profile_path == str(tmp_path / "mine.toml")
    assert section.job_ledger == tmp_path / "var" / "jobs.jsonl"


def test_usb_backend_needs_its_ids(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.printer]\nbackend = "usb"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="usb_vendor_id"):
        load_settings(config, environ={})


def test_unknown_backend_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="allowed"):
        registry.create("printer", "bluetooth")

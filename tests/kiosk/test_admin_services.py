"""The technician's tools on a running kiosk: simulated devices, the embedded platform, a real outbox."""

from __future__ import annotations

import csv
import logging
import time
from pathlib import Path

import pytest

from kiosk.admin_services import RESTART_EXIT_CODE, admin_services_for
from kiosk.services import KioskServices
from kiosk.settings import load_settings
from kiosk.sync.outbox import Outbox
from tests.sync.helpers import application


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    """A started kiosk (devices, embedded platform on a free port, outbox worker)."""
    settings = load_settings(environ={})
    settings.kiosk.data_dir = tmp_path_factory.mktemp("data")
    settings.platform.base_url = "http://127.0.0.1:0"
    settings.logging.to_file = False
    svc = KioskServices(settings)
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture
def admin(services):
    """The admin tools of ``services``."""
    return admin_services_for(services)


def test_one_instance_per_services(services, admin):
    assert admin_services_for(services) is admin


def test_device_rows_and_last_error(services, admin):
    kinds = {r.kind for r in admin.device_rows()}
    assert {"idcard", "camera", "printer", "speech"} <= kinds
    camera = services.devices["camera"]
    camera.lose()
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not next(r for r in admin.device_rows() if r.kind == "camera").last_error:
            time.sleep(0.05)
        row = next(r for r in admin.device_rows() if r.kind == "camera")
        assert row.last_error and row.last_error_at is not None
    finally:
        camera.restore()


def test_read_card_is_masked_and_leaves_no_identity(services, admin, caplog):
    caplog.set_level(logging.INFO)
    sample = services.devices["idcard"].samples[0]
    result = admin.read_card(timeout_s=5)
    assert result.ok, result.text
    assert sample.id_number not in result.text and sample.id_number[-4:] in result.text
    assert sample.name not in result.text
    assert services.session.draft.identity is None
    assert any(getattr(r, "action", "") == "self-test: read card" for r in caplog.records)


def test_read_card_failure_is_reported(services, admin):
    services.devices["idcard"].fail_next()
    result = admin.read_card(timeout_s=5)
    assert not result.ok and "读卡失败" in result.text


def test_capture_face_and_page(services, admin):
    import cv2
    import numpy as np

    from devices.camera.samples import FOLDER

    camera = services.devices["camera"]
    camera.show(cv2.imread(str(FOLDER / "1_face.jpg")))
    face = admin.capture_face(timeout_s=8)
    assert face.ok, face.text
    assert face.image[:2] == b"\xff\xd8"
    camera.show(cv2.imread(str(FOLDER / "3_desk.jpg")))
    page = admin.capture_page(timeout_s=8)
    camera.show(None)
    assert page.ok, page.text
    assert cv2.imdecode(np.frombuffer(page.image, np.uint8), cv2.IMREAD_COLOR) is not None


def test_print_test_page_prints_and_previews(services, admin):
    printer = services.devices["printer"]
    before = len(printer.printed_jobs)
    result = admin.print_test_page()
    assert result.ok, result.text
    assert len(printer.printed_jobs) == before + 1
    assert result.image[:8] == b"\x89PNG\r\n\x1a\n"


def test_reprint_last_receipt(services, admin):
    from kiosk.receipts import sample_receipt

    assert not admin.reprint_last_receipt().ok
    services.last_receipt = (sample_receipt(), "app-1")
    try:
        printer = services.devices["printer"]
        before = len(printer.printed_jobs)
        assert admin.reprint_last_receipt().ok
        assert admin.reprint_last_receipt().ok  # a reprint is on purpose: it prints every time
        assert len(printer.printed_jobs) == before + 2
    finally:
        services.last_receipt = None


def test_outbox_failed_items_retry_and_export(services, admin, tmp_path):
    outbox: Outbox = services.sync.outbox
    queued = outbox.put(application(7, sizes=(2000,)))
    outbox.mark_failed(queued.id, "HTTP 400 [invalid_id_number]: bad", status=400, code="invalid_id_number")
    lines = admin.outbox_lines()
    assert any("[failed]" in line and "invalid_id_number" in line for line in lines)
    path = admin.export_failed(tmp_path / "usb")
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][0] == "local_ref" and rows[1][0] == queued.local_ref
    content = path.read_text(encoding="utf-8-sig")
    assert "张三" not in content and application(7).applicant["id_number"] not in content
    assert admin.retry_failed() == 1
    assert any(a.outcome == "requeued" for a in outbox.attempts(queued.id))
    assert admin.retry_failed() == 0


def test_doctor_logs_and_config(services, admin):
    checks = {c.name: c.status for c in admin.run_doctor()}
    assert checks["platform_reachable"] == "ok" and checks["signature_accepted"] == "ok"
    logging.getLogger("kiosk.test").warning("citizen 11010519491231002X called")
    lines = admin.log_lines()
    assert any("citizen" in line for line in lines)
    assert not any("11010519491231002X" in line for line in lines)
    config = admin.config_lines()
    assert "admin.pin = ***" in config and "platform.secret = ***" in config
    assert any(line.startswith("kiosk.hall_name") for line in config)
    assert services.settings.admin.pin not in "\n".join(config)


def test_restart_and_exit_set_the_exit_status(services, admin):
    assert admin.request_restart() == RESTART_EXIT_CODE and services.exit_code == RESTART_EXIT_CODE
    assert admin.request_exit() == 0 and services.exit_code == 0


def test_export_dir_defaults_under_data_dir(services, admin):
    path = admin.export_failed()
    assert Path(services.settings.kiosk.data_dir) in path.parents


# --- kiosk devices scan --suggest ---------------------------------------------------------------------------
SCAN = [
    {"kind": "serial", "path": "/dev/ttyS0", "description": "serial port"},
    {"kind": "serial", "path": "/dev/ttyUSB0", "description": "CP2102 USB to UART"},
    {"kind": "pcsc", "path": "Virtual PCD 00 00", "description": "PC/SC reader (social security card)"},
    {"kind": "camera", "path": "/dev/video2", "description": "HD Doc Camera"},
    {"kind": "camera", "path": "/dev/video0", "description": "Face Cam"},
    {"kind": "printer", "path": "usb:0416:5011", "description": "POS-80", "backend": "usb"},
    {"kind": "printer", "path": "cups:receipt", "description": "CUPS queue receipt", "backend": "cups"},
]


def _devices_section(text: str):  # noqa: ANN202
    import tomllib

    from kiosk.settings.model import KioskSettings

    return KioskSettings.model_validate({"devices": tomllib.loads(text)["devices"]}).devices


def test_suggest_proposes_valid_config_for_what_was_found():
    from kiosk.cli.devices_cmd import suggest_config

    text = suggest_config(SCAN)
    devices = _devices_section(text)
    assert devices.idcard.backend == "samv" and devices.idcard.port == "/dev/ttyUSB0"
    assert devices.camera.backend == "opencv" and devices.camera.source == "/dev/video2"
    assert devices.printer.backend == "usb" and (devices.printer.usb_vendor_id, devices.printer.usb_product_id) == (
        0x0416,
        0x5011,
    )
    assert '# reader = "Virtual PCD 00 00"' in text and '# cups_queue = "receipt"' in text
    assert '# source = "/dev/video0"' in text


def test_suggest_keeps_simulators_when_nothing_is_found():
    from kiosk.cli.devices_cmd import suggest_config

    devices = _devices_section(suggest_config([{"kind": "serial", "path": "/dev/ttyS0", "description": "x"}]))
    assert (devices.idcard.backend, devices.camera.backend, devices.printer.backend) == ("simulated",) * 3


def test_suggest_command_on_this_machine_prints_valid_toml():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "scan", "--suggest"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    _devices_section(result.stdout)


def test_heartbeat_line_follows_the_reporter(services, admin):
    from kiosk.health import HealthReporter
    from kiosk.settings.health import HealthSection

    if services.health is not None:  # started with the services: stop it to see the 'not running' line
        services.health.stop()
        services.health = None
    assert "not running" in admin.heartbeat_line()
    services.health = HealthReporter(services, section=HealthSection(interval_s=60))
    try:
        assert services.health.beat()
        assert "ok" in admin.heartbeat_line() and "sent 1" in admin.heartbeat_line()
    finally:
        services.health.stop()
        services.health = None

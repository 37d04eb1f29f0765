from PIL import Image

from devices.printer import scan as printer_scan
from kiosk.cli import main
from tests.devices.printer.conftest import decode_qr


def test_devices_test_printer_prints_and_previews(tmp_path, capsys):
    out = tmp_path / "test-page.png"
    assert main(["devices", "test", "printer", "--preview", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "status: ready" in printed and "test page: printed" in printed
    assert decode_qr(Image.open(out)) == "KIOSKQ1:TEST-0001"


def test_devices_test_printer_reports_paper_out(capsys):
    assert main(["devices", "test", "printer", "--backend", "simulated", "--state", "out"]) == 1
    printed = capsys.readouterr().out
    assert "缺纸" in printed and "not_printed" in printed and "回执可在窗口补打" in printed


def test_devices_test_printer_bad_profile_is_a_config_error(capsys):
    try:
        main(["devices", "test", "printer", "--profile", "no-such-model"])
    except SystemExit as exc:
        assert exc.code == 78
    else:
        raise AssertionError("expected exit 78")
    assert "no-such-model" in capsys.readouterr().err


def test_receipt_preview_command(tmp_path, capsys):
    out = tmp_path / "receipt.png"
    assert (
        main(["receipt", "preview", "--case", "TZ2026112400777", "--out", str(out), "--profile", "generic-58mm"]) == 0
    )
    assert "58 mm" in capsys.readouterr().out
    image = Image.open(out)
    assert image.width == 384 + 32
    assert decode_qr(image) == "KIOSKQ1:TZ2026112400777"


def test_receipt_preview_rejects_a_bad_case_number(tmp_path, capsys):
    assert main(["receipt", "preview", "--case", "x y", "--out", str(tmp_path / "r.png")]) == 2
    assert not (tmp_path / "r.png").exists()


def test_scan_returns_plain_entries():
    for entry in printer_scan.scan():
        assert entry["kind"] == "printer" and entry["path"] and entry["description"]


def test_sysfs_scan_finds_printer_class_devices(tmp_path):
    printer, keyboard = tmp_path / "1-1", tmp_path / "1-2"
    for dev, vendor, product, klass in ((printer, "0416", "5011", "07"), (keyboard, "046d", "c31c", "03")):
        (dev / f"{dev.name}:1.0").mkdir(parents=True)
        (dev / "idVendor").write_text(vendor + "\n")
        (dev / "idProduct").write_text(product + "\n")
        (dev / f"{dev.name}:1.0" / "bInterfaceClass").write_text(klass + "\n")
    (printer / "product").write_text("POS58 Printer\n")
    found = printer_scan._usb_with_sysfs(tmp_path)
    assert [e["path"] for e in found] == ["usb:0416:5011"]
    assert "POS58 Printer" in found[0]["description"] and "usb_vendor_id=0x0416" in found[0]["description"]
    assert printer_scan._lp_files(str(tmp_path / "lp*")) == []


def test_devices_test_printer_on_a_network_printer_by_host_and_port(capsys):
    from devices.printer.simulator import TcpPrinterSimulator

    with TcpPrinterSimulator("ok") as sim:
        host, port = sim.host, sim.port
        assert main(["devices", "test", "printer", "--host", host, "--port", str(port)]) == 0
        assert "test page: printed" in capsys.readouterr().out
        assert len(sim.engine.printed_jobs) == 1  # the test page reached the printer over TCP

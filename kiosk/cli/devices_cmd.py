"""``kiosk devices scan [--suggest]`` and ``kiosk devices test KIND``.

Scanning asks each device kind's ``scan()`` (in ``devices.<kind>.scan``) what it can see. Testing a kind
is delegated to ``kiosk.cli.test_<kind>`` (``add_arguments(parser)`` and ``run(args) -> int``), so each
device issue owns its own module. ``--suggest`` turns what was found into ``[devices.*]`` lines for
kiosk.toml: the likeliest choice active, the other candidates as comments.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json

from kiosk.cli.common import add_config_option

SCANNERS = ["devices.idcard.scan", "devices.camera.scan", "devices.printer.scan"]
TEST_KINDS = ["idcard", "camera", "printer"]


def _toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _idcard_options(found: list[dict]) -> list[tuple[list[str], str]]:
    serial = [f for f in found if f.get("kind") == "serial"]
    usb_serial = [f for f in serial if any(t in f["path"] for t in ("ttyUSB", "ttyACM"))]
    options = [
        (['backend = "samv"', f"port = {_toml_str(f['path'])}"], f"SAM module? {f['description']}") for f in usb_serial
    ]
    options += [
        (['backend = "pcsc"', f"reader = {_toml_str(f['path'])}"], f["description"])
        for f in found
        if f.get("kind") == "pcsc"
    ]
    return options


def _idcard_unlikely(found: list[dict]) -> list[tuple[list[str], str]]:
    """Built-in serial ports (ttyS*): a SAM module is rarely there, so they are only mentioned."""
    return [
        (['backend = "samv"', f"port = {_toml_str(f['path'])}"], f"built-in port {f['description']}")
        for f in found
        if f.get("kind") == "serial" and not any(t in f["path"] for t in ("ttyUSB", "ttyACM"))
    ]


def _camera_options(found: list[dict]) -> list[tuple[list[str], str]]:
    return [
        (['backend = "opencv"', f"source = {_toml_str(f['path'])}"], f["description"])
        for f in found
        if f.get("kind") == "camera"
    ]


def _printer_options(found: list[dict]) -> list[tuple[list[str], str]]:
    options = []
    for f in found:
        if f.get("kind") != "printer":
            continue
        backend, path = f.get("backend", ""), f["path"]
        if backend == "usb" and path.count(":") == 2:
            _usb, vendor, product = path.split(":")
            lines = ['backend = "usb"', f"usb_vendor_id = 0x{vendor}", f"usb_product_id = 0x{product}"]
        elif backend == "cups":
            lines = ['backend = "cups"', f"cups_queue = {_toml_str(path.removeprefix('cups:'))}"]
        elif backend == "file":
            lines = ['backend = "file"', f"file_path = {_toml_str(path)}"]
        else:
            continue
        options.append((lines, f["description"]))
    return options


def suggest_config(found: list[dict]) -> str:
    """``[devices.*]`` TOML for what a scan found: first candidate active, the rest commented out."""
    out = ["# Proposed by `kiosk devices scan --suggest`: check, then copy into your kiosk.toml."]
    for kind, options, unlikely in (
        ("idcard", _idcard_options(found), _idcard_unlikely(found)),
        ("camera", _camera_options(found), []),
        ("printer", _printer_options(found), []),
    ):
        out += ["", f"[devices.{kind}]"]
        if options:
            lines, why = options[0]
            out += [f"# {why}", *lines]
        else:
            out += [
                f"# no {kind} device found: keeping the simulator / 未发现设备，使用模拟器",
                'backend = "simulated"',
            ]
        for lines, why in options[1:] + unlikely:
            out += [f"# or: {why}", *(f"# {line}" for line in lines)]
    return "\n".join(out) + "\n"


def _scan(args: argparse.Namespace) -> int:
    found: list[dict] = []
    for module_name in SCANNERS:
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        found.extend(module.scan())
    if getattr(args, "suggest", False):
        print(suggest_config(found), end="")
        return 0
    if getattr(args, "json", False):
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for item in found:
            print("\t".join(str(item.get(k, "")) for k in ("kind", "path", "description")))
        if not found:
            print("no devices found")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``devices scan`` and ``devices test KIND``."""
    devices = sub.add_parser("devices", help="scan for devices and test them")
    dsub = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    scan = dsub.add_parser("scan", help="list serial ports, PC/SC readers, cameras and printers")
    scan.add_argument("--json", action="store_true", help="print JSON")
    scan.add_argument("--suggest", action="store_true", help="print [devices.*] config lines for what was found")
    add_config_option(scan)
    scan.set_defaults(func=_scan)
    test = dsub.add_parser("test", help="exercise one device kind")
    tsub = test.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind in TEST_KINDS:
        if importlib.util.find_spec(f"kiosk.cli.test_{kind}") is None:
            continue
        module = importlib.import_module(f"kiosk.cli.test_{kind}")
        parser = tsub.add_parser(kind, help=(module.__doc__ or "").strip().splitlines()[0])
        add_config_option(parser)
        module.add_arguments(parser)
        parser.set_defaults(func=module.run)

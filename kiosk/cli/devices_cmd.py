"""``kiosk devices scan`` and ``kiosk devices test KIND``.

Scanning asks each device kind's ``scan()`` (in ``devices.<kind>.scan``) what it can see. Testing a kind
is delegated to ``kiosk.cli.test_<kind>`` (``add_arguments(parser)`` and ``run(args) -> int``), so each
device issue owns its own module.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json

from kiosk.cli.common import add_config_option

SCANNERS = ["devices.idcard.scan", "devices.camera.scan", "devices.printer.scan"]
TEST_KINDS = ["idcard", "camera", "printer"]


def _scan(args: argparse.Namespace) -> int:
    found: list[dict] = []
    for module_name in SCANNERS:
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        found.extend(module.scan())
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

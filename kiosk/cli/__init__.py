"""The ``kiosk`` command: composition root of the application and the technician's command line.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func(args) -> int`` as the handler. The list below is explicit on purpose.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = [
    "kiosk.cli.run_cmd",
    "kiosk.cli.config_cmd",
    "kiosk.cli.walkthrough_cmd",
    "kiosk.cli.devices_cmd",
    "kiosk.cli.platform_cmd",
    "kiosk.cli.outbox_cmd",
    "kiosk.cli.doctor_cmd",
    "kiosk.cli.catalog_cmd",
    "kiosk.cli.receipt_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command group registered."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Service-hall self-service kiosk (政务服务一体机).")
    parser.add_argument("--config", help="config file (default: $KIOSK_CONFIG or config/kiosk.toml)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    return int(func(args) or 0)

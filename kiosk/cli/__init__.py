"""The technician's command line: config, devices, platform, outbox, doctor, catalog, receipt.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func(args) -> int`` as the handler. The list below is explicit on purpose. The
commands that start the Kivy UI (``run``, ``walkthrough``) are added one layer up by the composition
root, :mod:`screens.cli`, which is what the ``kiosk`` console command runs; ``python -m kiosk`` offers
only the commands below.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = [
    "kiosk.cli.config_cmd",
    "kiosk.cli.devices_cmd",
    "kiosk.cli.platform_cmd",
    "kiosk.cli.outbox_cmd",
    "kiosk.cli.sync_cmd",
    "kiosk.cli.fleet_cmd",
    "kiosk.cli.doctor_cmd",
    "kiosk.cli.catalog_cmd",
    "kiosk.cli.receipt_cmd",
    "kiosk.cli.handwriting_cmd",
]
UI_COMMANDS = ("run", "walkthrough")
"""Commands the composition root (:mod:`screens.cli`) adds; ``python -m kiosk`` points to it for them."""


def build_parser(extra_commands: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argument parser with ``extra_commands`` (modules registered first) and every command group."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Service-hall self-service kiosk (政务服务一体机).")
    parser.add_argument("--config", help="config file (default: $KIOSK_CONFIG or config/kiosk.toml)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [*extra_commands, *COMMAND_MODULES]:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None, extra_commands: Sequence[str] = ()) -> int:
    """Run the command line (with ``extra_commands``, see :func:`build_parser`); returns the exit code."""
    os.umask(0o077)  # nothing the kiosk writes (data, keys, logs, databases) is readable by other users
    parser = build_parser(extra_commands)
    argv = list(sys.argv[1:] if argv is None else argv)
    ui_command = next((a for a in argv if not a.startswith("-")), "")
    if ui_command in UI_COMMANDS and not extra_commands:
        print(
            f"'{ui_command}' starts the UI: use the kiosk command (.venv/bin/kiosk {ui_command}) or "
            f"python -m screens {ui_command}",
            file=sys.stderr,
        )
        return 2
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    return int(func(args) or 0)

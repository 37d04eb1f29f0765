"""The ``kiosk`` command: the composition root.

It is the only place that puts the layers together: the technician's command line of :mod:`kiosk.cli`
(config, devices, outbox, doctor, platform, catalog, receipt), plus the commands that start the Kivy UI
on top of the kiosk services (``run``, ``walkthrough``). ``kiosk`` never imports Kivy or ``screens``
(DESIGN.md §2), so the UI commands are added here, one layer up.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.cli import main as kiosk_main

UI_COMMANDS = ["screens.commands.run_cmd", "screens.commands.walkthrough_cmd"]
"""Command modules that start the UI; each has ``register(subparsers)`` like :data:`kiosk.cli.COMMAND_MODULES`."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the whole command line (``kiosk …`` and ``python -m screens …``); returns the exit code."""
    return kiosk_main(argv, extra_commands=UI_COMMANDS)

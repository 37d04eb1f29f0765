"""``kiosk doctor``: this machine (Chinese font, display, speech, pcscd), then the platform link (reachable,
clock skew, signature accepted, CA valid) and the outbox (depth and age)."""

from __future__ import annotations

import argparse
import json

from kiosk.cli.common import add_config_option, settings_or_exit

MARKS = {"ok": "正常 OK  ", "warn": "注意 WARN", "fail": "故障 FAIL"}


def _doctor(args: argparse.Namespace) -> int:
    from kiosk import __version__
    from kiosk.sync.doctor import FAIL, run_checks
    from kiosk.system_checks import run_system_checks

    settings = settings_or_exit(args)
    checks = [*run_system_checks(settings), *run_checks(settings, __version__)]
    if args.json:
        print(
            json.dumps(
                [{"name": c.name, "status": c.status, "detail": c.detail} for c in checks], ensure_ascii=False, indent=2
            )
        )
    else:
        for c in checks:
            print(f"[{MARKS[c.status]}] {c.name:20} {c.detail}")
    return 1 if any(c.status == FAIL for c in checks) else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``doctor``."""
    doctor = sub.add_parser(
        "doctor",
        help="check this machine (font, display, speech, pcscd), the platform link and the outbox",
    )
    doctor.add_argument("--json", action="store_true", help="print JSON")
    add_config_option(doctor)
    doctor.set_defaults(func=_doctor)

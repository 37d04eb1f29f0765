"""``kiosk walkthrough --journey NAME --out DIR``: run the real app through a scripted journey.

Writes one PNG per screen visited into DIR and audits each screen's accessibility (contrast, type
size, touch targets: :mod:`screens.walkthrough.access_audit`); exits 0 when the journey completed and the audit
found nothing, 1 with the reason or the findings otherwise. Starts Xvfb itself when there is no display.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kiosk.cli.common import add_config_option, settings_or_exit


def _walkthrough(args: argparse.Namespace) -> int:
    settings = settings_or_exit(args)
    from kiosk.logging_setup import configure_logging

    configure_logging("WARNING")  # masked, and quiet: the walk-through prints its own summary
    from kiosk.display import DisplayUnavailable, ensure_display

    try:
        ensure_display(settings.ui.width, settings.ui.height)
    except DisplayUnavailable as exc:
        print(f"walkthrough: {exc}", file=sys.stderr)
        return 1
    from screens.launch import prepare_kivy

    prepare_kivy(settings.ui.width, settings.ui.height, kivy_home=tempfile.mkdtemp(prefix="kivy-walk-"))
    from kiosk.services import KioskServices
    from screens.walkthrough.access_audit import AccessAudit
    from screens.walkthrough.driver import DriverError, UiDriver
    from screens.walkthrough.journeys import JOURNEYS

    journey = JOURNEYS.get(args.journey)
    if journey is None:
        print(f"walkthrough: unknown journey {args.journey!r}; known: {', '.join(JOURNEYS)}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    # A rehearsal never touches the real outbox: fresh data directory, platform on a free port.
    settings.kiosk.data_dir = Path(tempfile.mkdtemp(prefix="kiosk-walk-data-"))
    if settings.platform.embedded:
        settings.platform.base_url = "http://127.0.0.1:0"
    services = KioskServices(settings)
    services.start()
    driver = UiDriver.launch(services, artifacts=out)
    audit = AccessAudit().attach(driver)
    try:
        journey(driver)
    except DriverError as exc:
        driver.auto_shot("failed")
        print(f"walkthrough {args.journey}: FAILED at screen {driver.current}: {exc}", file=sys.stderr)
        return 1
    finally:
        driver.close()
    shots = sorted(p.name for p in out.glob("*.png"))
    print(f"walkthrough {args.journey}: completed, {len(shots)} screenshots in {out}")
    for name in shots:
        print(f"  {name}")
    if audit.findings:
        print(
            f"walkthrough {args.journey}: accessibility audit of {len(audit.screens)} screens found "
            f"{len(audit.findings)} problem(s):\n{audit.report(limit=200)}",
            file=sys.stderr,
        )
        return 1
    print(f"accessibility audit: {len(audit.screens)} screens, no problems")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``walkthrough``."""
    parser = sub.add_parser("walkthrough", help="run a scripted journey and save a PNG per screen")
    parser.add_argument("--journey", default="home", help="journey name (home, coming_soon, …)")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    add_config_option(parser)
    parser.set_defaults(func=_walkthrough)

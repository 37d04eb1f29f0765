"""``kiosk sync run``: the outbox worker in the foreground, without the UI (a technician's drain, a test,
or sync as its own systemd service). Exit 0 when drained; otherwise the reason on stderr."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from kiosk.cli.common import add_config_option, settings_or_exit


def _run(args: argparse.Namespace) -> int:
    from kiosk.logging_setup import configure_logging
    from kiosk.sync.drain import drain
    from kiosk.sync.runtime import open_sync

    settings = settings_or_exit(args)
    if args.max_s is not None and args.max_s <= 0:
        print("--max-s must be more than 0 seconds", file=sys.stderr)
        return 2
    configure_logging(settings.logging.level, settings.kiosk.data_dir / "logs" if settings.logging.to_file else None)
    runtime = open_sync(settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        result = drain(runtime.worker, until_empty=args.until_empty, max_s=args.max_s, stop=stop)
    finally:
        runtime.stop()
    print(
        f"sent {result.sent}, retried {result.retried}, failed {result.failed}; "
        f"waiting {result.waiting}, failed in all {result.failed_total}; {result.seconds:.1f} s"
    )
    if result.exit_code:
        detail = f" (last error: {result.last_error})" if result.last_error else ""
        print(f"kiosk sync run: {result.reason}{detail}", file=sys.stderr)
    return result.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sync run``."""
    sync = sub.add_parser("sync", help="deliver the outbox to the platform without the UI")
    ssub = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    run = ssub.add_parser(
        "run",
        help="run the outbox worker in the foreground; exit 0 when drained, 3 when items failed, "
        "4 when --max-s ran out, 5 when stopped",
    )
    run.add_argument("--until-empty", action="store_true", help="stop when nothing is waiting any more")
    run.add_argument("--max-s", type=float, default=None, help="stop after this many seconds (exit 4 if not drained)")
    add_config_option(run)
    run.set_defaults(func=_run)

"""``kiosk outbox list|show|retry``: what waits for the platform, and putting failed items back."""

from __future__ import annotations

import argparse
import json
import sys
import time

from kiosk.cli.common import add_config_option, settings_or_exit

STATES = ("pending", "sending", "sent", "failed")  # kiosk.sync.outbox.STATES, without importing it here


def _open(args: argparse.Namespace):  # noqa: ANN202 - Outbox, imported lazily
    from kiosk.sync.outbox import Outbox

    settings = settings_or_exit(args)
    return Outbox.open(settings.kiosk.data_dir, local_ref_prefix=settings.platform.local_ref_prefix, recover=False)


def _when(ts: float | None) -> str:
    return "-" if ts is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _ratings_waiting(outbox) -> int:  # noqa: ANN001 - Outbox
    """Ratings kept for the platform (0 when the kiosk never stored one)."""
    from kiosk.sync.ratings import RatingQueue
    from kiosk.sync.vault import Vault

    path = outbox.directory / "ratings.sqlite3"
    if not path.exists():
        return 0
    queue = RatingQueue(path, Vault(bytes(32)))  # counting needs no key
    try:
        return queue.waiting()
    finally:
        queue.close()


def _list(args: argparse.Namespace) -> int:
    outbox = _open(args)
    try:
        entries = outbox.list(args.state)
        ratings = _ratings_waiting(outbox)
    except ValueError as exc:
        print(exc)
        return 2
    finally:
        outbox.close()
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    if ratings:
        print(f"ratings waiting for the platform: {ratings}")
    if not entries:
        print("outbox is empty" + (f" (state {args.state})" if args.state else ""))
        return 0
    print(f"{'ID':32}  {'LOCAL REF':18} {'ITEM':12} {'STATE':8} {'TRIES':>5}  {'CREATED':19}  CASE / LAST ERROR")
    for e in entries:
        tail = e.case_no or e.last_error
        print(f"{e.id:32}  {e.local_ref:18} {e.item_code:12} {e.state:8} {e.attempts:5}  {_when(e.created_at)}  {tail}")
    return 0


def _show(args: argparse.Namespace) -> int:
    outbox = _open(args)
    try:
        entry = outbox.find(args.ref)
        if entry is None:
            print(f"no outbox item {args.ref!r}")
            return 1
        for key, value in entry.as_dict().items():
            print(f"{key:16} {_when(value) if key.endswith('_at') and value else value}")
        print("attempts:")
        for a in outbox.attempts(entry.id):
            print(f"  {_when(a.at)}  {a.outcome:9} {a.http_status or '-':>4} {a.code:18} {a.detail}")
    finally:
        outbox.close()
    return 0


def _retry(args: argparse.Namespace) -> int:
    if not args.failed and not args.ref:
        print("give an item id / local reference, or --failed")
        return 2
    outbox = _open(args)
    try:
        if args.failed:
            print(f"{outbox.retry_failed()} failed item(s) queued again")
            return 0
        entry = outbox.find(args.ref)
        if entry is None:
            print(f"no outbox item {args.ref!r}")
            return 1
        if not outbox.retry(entry.id):
            print(f"{entry.local_ref} is {entry.state}, not failed: nothing to retry")
            return 1
        print(f"{entry.local_ref} queued again")
        return 0
    finally:
        outbox.close()


def _rehearse(args: argparse.Namespace) -> int:
    from kiosk.sync.rehearsal import RehearsalError, rehearsal_applications

    try:
        apps = rehearsal_applications(args.count)
    except RehearsalError as exc:
        print(f"kiosk outbox rehearse: {exc}", file=sys.stderr)
        return 2
    outbox = _open(args)
    try:
        refs = [outbox.put(app).local_ref for app in apps]
    finally:
        outbox.close()
    print(f"queued {len(refs)} rehearsal application(s) of fictitious sample identities: {refs[0]} … {refs[-1]}")
    print("deliver them with: kiosk sync run --until-empty --max-s 180")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``outbox list``, ``outbox show``, ``outbox retry`` and ``outbox rehearse``."""
    outbox = sub.add_parser("outbox", help="applications waiting for the platform")
    osub = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    lst = osub.add_parser("list", help="list outbox items (no personal data is shown)")
    lst.add_argument("--state", choices=STATES, help="only items in this state")
    lst.add_argument("--json", action="store_true", help="print JSON")
    add_config_option(lst)
    lst.set_defaults(func=_list)
    show = osub.add_parser("show", help="one item and its attempt history")
    show.add_argument("ref", help="item id, local reference or case number")
    add_config_option(show)
    show.set_defaults(func=_show)
    retry = osub.add_parser("retry", help="queue a failed item (or every failed item) again")
    retry.add_argument("ref", nargs="?", help="item id or local reference")
    retry.add_argument("--failed", action="store_true", help="retry every failed item")
    add_config_option(retry)
    retry.set_defaults(func=_retry)
    rehearse = osub.add_parser(
        "rehearse", help="queue N applications of the bundled fictitious sample identities (rehearse the link)"
    )
    rehearse.add_argument("--count", type=int, required=True, help="how many (1-1000)")
    add_config_option(rehearse)
    rehearse.set_defaults(func=_rehearse)

"""``kiosk catalog search QUERY`` and ``kiosk catalog check``: search and validate the catalog in use."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import add_config_option, settings_or_exit

if TYPE_CHECKING:
    from kiosk.catalog import Catalog
    from kiosk.settings import KioskSettings

EXIT_DATA = 65  # EX_DATAERR: the catalog files are wrong
MISSING_SHOWN = 20
"""Texts lacking English listed by ``catalog check`` without ``--verbose``."""


def _catalog(args: argparse.Namespace) -> tuple[KioskSettings, Catalog]:
    from kiosk.catalog import CatalogError, load_catalog, load_from_directory

    settings = settings_or_exit(args)
    try:
        if getattr(args, "dir", None):
            return settings, load_from_directory(Path(args.dir))
        return settings, load_catalog(settings.kiosk.data_dir, settings.catalog.source_dir)
    except CatalogError as exc:
        print(f"目录错误 / catalog error:\n{exc}", file=sys.stderr)
        raise SystemExit(EXIT_DATA) from None


def _search(args: argparse.Namespace) -> int:
    settings, catalog = _catalog(args)
    hits = catalog.search(args.query, limit=args.limit or settings.catalog.search_limit)
    if args.json:
        bundles = {b.code for b in catalog.bundles}
        rows = [{"code": h.code, "name": h.name, "kind": "bundle" if h.code in bundles else "item"} for h in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for h in hits:
        print(f"{h.code}\t{h.name}")
    if not hits:
        print("没有找到 / nothing found", file=sys.stderr)
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.catalog import CHINESE_ONLY

    _, catalog = _catalog(args)
    print(
        f"catalog {catalog.version} from {catalog.source}: {len(catalog.items)} items, "
        f"{len(catalog.bundles)} bundles, {len(catalog.document.departments)} departments — OK"
    )
    gaps = catalog.missing_english()
    if gaps:
        shown = gaps if args.verbose else gaps[:MISSING_SHOWN]
        items = {gap.split(":")[0] for gap in gaps if gap.startswith(("item ", "bundle "))}
        print(
            f"警告 / warning: {len(gaps)} text(s) in {len(items)} item(s) or bundle(s) lack English; "
            f"English screens show "
            f'"{CHINESE_ONLY}" instead:',
            file=sys.stderr,
        )
        for gap in shown:
            print(f"  - {gap}", file=sys.stderr)
        if len(gaps) > len(shown):
            print(f"  … {len(gaps) - len(shown)} more (--verbose lists all)", file=sys.stderr)
    else:
        print("English: complete")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``catalog search`` and ``catalog check``."""
    catalog = sub.add_parser("catalog", help="search and check the service catalog")
    csub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    search = csub.add_parser("search", help="search items and bundles as the kiosk would (汉字, pinyin, initials)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument(
        "--limit", type=int, default=None, help="at most this many results (default: [catalog] search_limit)"
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--dir", help="search this catalog directory instead of the one in use")
    add_config_option(search)
    search.set_defaults(func=_search)
    check = csub.add_parser("check", help="validate a catalog directory (default: the catalog in use)")
    check.add_argument("--dir", help="catalog directory with catalog.toml")
    check.add_argument("--verbose", action="store_true", help="list every text lacking English")
    add_config_option(check)
    check.set_defaults(func=_check)

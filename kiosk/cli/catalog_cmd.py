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
    _, catalog = _catalog(args)
    print(f"catalog {catalog.version} from {catalog.source}: {len(catalog.items)} items, "
          f"{len(catalog.bundles)} bundles, {len(catalog.document.departments)} departments — OK")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``catalog search`` and ``catalog check``."""
    catalog = sub.add_parser("catalog", help="search and check the service catalog")
    csub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    search = csub.add_parser("search", help="search items and bundles as the kiosk would (汉字, pinyin, initials)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=None,
                        help="at most this many results (default: [catalog] search_limit)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--dir", help="search this catalog directory instead of the one in use")
    add_config_option(search)
    search.set_defaults(func=_search)
    check = csub.add_parser("check", help="validate a catalog directory (default: the catalog in use)")
    check.add_argument("--dir", help="catalog directory with catalog.toml")
    add_config_option(check)
    check.set_defaults(func=_check)

"""``kiosk config check`` and ``kiosk config docs``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.cli.common import EXIT_CONFIG, add_config_option
from kiosk.errors import ConfigError
from kiosk.settings import config_path, describe_keys, load_settings


def _check(args: argparse.Namespace) -> int:
    path = config_path(getattr(args, "config", None))
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        print(f"配置有误 / configuration is invalid: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    print(f"配置正确 / configuration OK: {path}")
    print(f"  kiosk id {settings.kiosk.id} · data {settings.kiosk.data_dir} · platform {settings.platform.base_url}")
    devices = settings.devices
    print(
        f"  devices: idcard={devices.idcard.backend} camera={devices.camera.backend} "
        f"printer={devices.printer.backend} speech={devices.speech.backend}"
    )
    return 0


def render_docs() -> str:
    """Every key with its default and meaning, as Markdown (kept in the README by a test)."""
    lines = ["| key | default | meaning |", "|---|---|---|"]
    for key, default, meaning in describe_keys():
        lines.append(f"| `{key}` | `{default}` | {meaning.replace('|', '/')} |")
    return "\n".join(lines)


START, END = "<!-- config-docs:start -->", "<!-- config-docs:end -->"


def _docs(args: argparse.Namespace) -> int:
    if not args.update:
        print(render_docs())
        return 0
    path = Path(args.update)
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{path}: no {START} … {END} markers to write between", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    path.write_text(f"{head}{START}\n{render_docs()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    print(f"updated the config table in {path}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``config check`` and ``config docs``."""
    config = sub.add_parser("config", help="check the configuration or list every key")
    csub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = csub.add_parser("check", help="validate a config file (exit 0 when good)")
    add_config_option(check)
    check.set_defaults(func=_check)
    docs = csub.add_parser("docs", help="print every key with its default and meaning")
    docs.add_argument("--update", metavar="FILE", help="rewrite the table between the config-docs markers in FILE")
    docs.set_defaults(func=_docs)

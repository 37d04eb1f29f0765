"""Helpers shared by command modules: loading settings with a readable error."""

from __future__ import annotations

import argparse
import sys

from kiosk.errors import ConfigError
from kiosk.settings import KioskSettings, load_settings

EXIT_CONFIG = 78  # EX_CONFIG from sysexits.h: the configuration is wrong


def settings_or_exit(args: argparse.Namespace) -> KioskSettings:
    """Load the settings named by ``--config``; print the problems and exit 78 when invalid."""
    try:
        return load_settings(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"配置错误 / configuration error:\n{exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """Let a sub-command accept ``--config`` after its name too (``kiosk config check --config F``)."""
    parser.add_argument("--config", default=argparse.SUPPRESS, help="config file")

"""``kiosk run``: start the kiosk UI (placeholder until the shell lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Nothing yet."""

"""Placeholder for the `platform` command group; its issue replaces this module."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Nothing to register yet."""

"""Sample frames the simulator plays by default (see ``generate.py`` for where each comes from)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
"""The folder holding the shipped sample images."""

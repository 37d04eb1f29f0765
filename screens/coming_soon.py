"""'Coming soon': where entry points lead until their journey is built; never a dead end."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty

from screens.base import KioskScreen


class ComingSoonScreen(KioskScreen):
    """Says the service is not available here yet and offers the way home."""

    feature_key = StringProperty("home.apply")


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Home: the attract screen with the four big entry points (办事 / 查询进度 / 取号 / 电子证照)."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

from screens.base import KioskScreen


class HomeScreen(KioskScreen):
    """The first screen; every session starts and ends here."""

    def open_entry(self, journey: str) -> None:
        """Start the journey behind an entry button (not yet built journeys lead to 'coming soon')."""
        from kivy.app import App

        App.get_running_app().start_journey(journey)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

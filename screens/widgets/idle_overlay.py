"""The idle warning: a countdown over the current screen; any touch dismisses it and keeps the session."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.modalview import ModalView


class IdleOverlay(ModalView):
    """Shows 'are you still there?' with the seconds left; touching anywhere continues the session."""

    seconds_left = NumericProperty(0)

    def on_touch_down(self, touch: object) -> bool:
        """Any touch means the citizen is still there."""
        from kivy.app import App

        App.get_running_app().services.session.touch()
        self.dismiss(animation=False)
        return True


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

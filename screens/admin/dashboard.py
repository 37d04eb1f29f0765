"""Admin mode home: device statuses, leave admin mode, exit the program (later issues add more)."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty

from screens.base import KioskScreen


class AdminDashboardScreen(KioskScreen):
    """What a technician sees after the PIN."""

    devices_text = StringProperty("")

    def on_pre_enter(self, *_args: object) -> None:
        """Refresh the device list."""
        from kivy.app import App

        app = App.get_running_app()
        lines = [f"{d.kind}  ·  {d.backend}  ·  {app.t('device_state.' + d.state, app.language)}"
                 + (f"  ·  {d.reason}" if d.reason else "") for d in self.services.device_summaries()]
        self.devices_text = "\n".join(lines) or "-"

    def leave(self) -> None:
        """Back to the citizen screens."""
        from kivy.app import App

        self.services.leave_admin()
        App.get_running_app().go_home()

    def exit_app(self) -> None:
        """Stop the program (allowed only in admin mode)."""
        from kivy.app import App

        self.services.admin.audit("exit to desktop")
        App.get_running_app().stop()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

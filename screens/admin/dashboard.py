"""Admin mode home: device statuses, the technician's tools, reprint, restart, leave and exit."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty

from screens.base import KioskScreen

TOOLS = {
    "open_selftest": "admin_selftest",
    "open_outbox": "admin_outbox",
    "open_network": "admin_network",
    "open_logs": "admin_logs",
    "open_config": "admin_config",
}
"""Dashboard button id → tool screen name."""


class AdminDashboardScreen(KioskScreen):
    """What a technician sees after the PIN."""

    devices_text = StringProperty("")
    message = StringProperty("")

    @property
    def admin(self):  # noqa: ANN201 - AdminServices, imported lazily
        """The technician's tools."""
        from kiosk.admin_services import admin_services_for

        return admin_services_for(self.services)

    def on_pre_enter(self, *_args: object) -> None:
        """Refresh the device list (state, reason, last error)."""
        from kivy.app import App

        app = App.get_running_app()
        from screens.admin.idle import guard_for

        guard_for(app).start()
        self.message = ""
        lines = []
        for row in self.admin.device_rows():
            line = f"{row.kind}  ·  {row.backend}  ·  {app.t('device_state.' + row.state, app.language)}"
            line += f"  ·  {row.reason}" if row.reason else ""
            if row.last_error and row.last_error != row.reason:
                line += f"\n      {app.t('admin_screens.last_error', app.language)} {row.last_error}"
            lines.append(line)
        self.devices_text = "\n".join(lines) or "-"

    def open_tool(self, button_id: str) -> None:
        """Show one tool screen."""
        from kivy.app import App

        self.admin.audit(f"open {TOOLS[button_id]}")
        App.get_running_app().show(TOOLS[button_id])

    def reprint(self) -> None:
        """Print the last receipt again (logged)."""
        result = self.admin.reprint_last_receipt()
        self.message = result.text

    def leave(self) -> None:
        """Back to the citizen screens."""
        from kivy.app import App

        self.services.leave_admin()
        App.get_running_app().go_home()

    def restart_app(self) -> None:
        """Stop with the restart status: systemd starts the kiosk again."""
        from kivy.app import App

        self.admin.request_restart()
        App.get_running_app().stop()

    def exit_app(self) -> None:
        """Stop the program (allowed only in admin mode); systemd leaves it stopped."""
        from kivy.app import App

        self.admin.request_exit()
        App.get_running_app().stop()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

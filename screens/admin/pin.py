"""PIN pad for the technician: masked entry, tries left, lockout message; every attempt is logged."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty

from kiosk.errors import AdminLocked
from screens.base import KioskScreen


class AdminPinScreen(KioskScreen):
    """Digits in, admin mode out; wrong PINs count towards the lockout."""

    entered = StringProperty("")
    message = StringProperty("")

    def on_pre_enter(self, *_args: object) -> None:
        """Start with an empty PIN and no message."""
        self.entered = ""
        self.message = ""

    def press(self, digit: str) -> None:
        """Add one digit (at most 12)."""
        if len(self.entered) < 12:
            self.entered += digit

    def clear(self) -> None:
        """Forget what was typed."""
        self.entered = ""

    def submit(self) -> None:
        """Check the PIN and open the dashboard, or say why not."""
        from kivy.app import App

        app = App.get_running_app()
        pin, self.entered = self.entered, ""
        try:
            ok = self.services.enter_admin(pin)
        except AdminLocked as locked:
            self.message = app.t("admin.pin_locked", app.language, minutes=int(locked.seconds_left // 60) + 1)
            return
        if ok:
            app.show("admin_dashboard")
        elif self.services.admin.seconds_locked() > 0:
            minutes = int(self.services.admin.seconds_locked() // 60) + 1
            self.message = app.t("admin.pin_locked", app.language, minutes=minutes)
        else:
            self.message = app.t("admin.pin_wrong", app.language, left=self.services.admin.tries_left())


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

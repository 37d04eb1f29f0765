"""Config summary: every setting, with PINs and secrets hidden."""

from __future__ import annotations

from screens.admin.panel import AdminPanel


class AdminConfigScreen(AdminPanel):
    """``section.key = value`` for every setting in force."""

    def on_kv_post(self, base_widget: object) -> None:
        """Title only: nothing to do here but read."""
        self.title_key = "admin_screens.config_title"
        super().on_kv_post(base_widget)

    def refresh(self) -> None:
        """List the settings."""
        self.body_text = "\n".join(self.admin.config_lines())

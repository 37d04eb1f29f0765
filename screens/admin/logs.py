"""Recent log lines (already masked when they were written)."""

from __future__ import annotations

from screens.admin.panel import AdminPanel


class AdminLogsScreen(AdminPanel):
    """The last log lines, newest at the top."""

    ACTIONS = [("logs_refresh", "admin_screens.refresh", "refresh", "primary")]

    def on_kv_post(self, base_widget: object) -> None:
        """Title, then the action button."""
        self.title_key = "admin_screens.logs_title"
        super().on_kv_post(base_widget)

    def refresh(self) -> None:
        """Newest first, so the latest trouble is on top."""
        self.body_text = "\n".join(reversed(self.admin.log_lines())) or "-"

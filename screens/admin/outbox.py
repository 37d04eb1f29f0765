"""Outbox view: pending and failed applications with the reasons, retry, and an export of failed items."""

from __future__ import annotations

from screens.admin.panel import AdminPanel


class AdminOutboxScreen(AdminPanel):
    """What waits for the platform."""

    ACTIONS = [
        ("outbox_retry", "admin_screens.outbox_retry", "retry", "primary"),
        ("outbox_export", "admin_screens.outbox_export", "export", "secondary"),
    ]

    def on_kv_post(self, base_widget: object) -> None:
        """Title, then the action buttons."""
        self.title_key = "admin_screens.outbox_title"
        super().on_kv_post(base_widget)

    def refresh(self) -> None:
        """Depth, then failed, sending and pending items."""
        try:
            self.body_text = "\n".join(self.admin.outbox_lines())
        except LookupError as exc:
            self.body_text = str(exc)

    def retry(self) -> None:
        """Put failed items back in the queue."""
        from kivy.app import App

        app = App.get_running_app()
        try:
            count = self.admin.retry_failed()
        except LookupError as exc:
            self.show_result(False, str(exc))
            return
        self.show_result(True, app.t("admin_screens.outbox_retried", app.language, count=count))
        self.refresh()

    def export(self) -> None:
        """Write the failed items to a CSV file for the back office."""
        from kivy.app import App

        app = App.get_running_app()

        def done(path: object) -> None:
            self.show_result(True, app.t("admin_screens.outbox_exported", app.language, path=str(path)))

        self.run_in_background(self.admin.export_failed, done)

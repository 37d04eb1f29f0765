"""Device status with each device's last error, and self-tests: read a card, capture a face and a page,
print a test page (each shows its result: the masked identity, the photo, the page, the print preview)."""

from __future__ import annotations

import time

from screens.admin.panel import AdminPanel


class AdminSelfTestScreen(AdminPanel):
    """Devices and their self-tests."""

    ACTIONS = [
        ("test_card", "admin_screens.test_card", "test_card", "primary"),
        ("test_face", "admin_screens.test_face", "test_face", "primary"),
        ("test_page", "admin_screens.test_page", "test_page", "primary"),
        ("test_print", "admin_screens.test_print", "test_print", "secondary"),
    ]

    def on_kv_post(self, base_widget: object) -> None:
        """Title, then the action buttons."""
        self.title_key = "admin_screens.selftest_title"
        super().on_kv_post(base_widget)

    def refresh(self) -> None:
        """One block per device: state, reason and the last error since start-up."""
        from kivy.app import App

        app = App.get_running_app()
        blocks = []
        for row in self.admin.device_rows():
            state = app.t("device_state." + row.state, app.language)
            line = f"{row.kind} · {row.backend} · {state}" + (f" · {row.reason}" if row.reason else "")
            if row.last_error:
                when = time.strftime("%H:%M:%S", time.localtime(row.last_error_at or 0))
                line += "\n    " + app.t("admin_screens.last_error", app.language) + f" {when}: {row.last_error}"
            blocks.append(line)
        self.body_text = "\n".join(blocks) or "-"

    def _run(self, work: str) -> None:
        def done(result: object) -> None:
            self.show_result(result.ok, result.text)  # type: ignore[attr-defined]
            self.show_image(result.image, result.image_ext)  # type: ignore[attr-defined]
            self.refresh()

        self.texture = None
        self.run_in_background(getattr(self.admin, work), done)

    def test_card(self) -> None:
        """Read a card and show it masked."""
        self._run("read_card")

    def test_face(self) -> None:
        """Capture a face photo and show it."""
        self._run("capture_face")

    def test_page(self) -> None:
        """Capture a page and show it flattened."""
        self._run("capture_page")

    def test_print(self) -> None:
        """Print the test page and show its preview."""
        self._run("print_test_page")

"""Network and platform check: the ``kiosk doctor`` results on screen."""

from __future__ import annotations

from screens.admin.panel import AdminPanel

MARKS = {"ok": "正常 OK", "warn": "注意 WARN", "fail": "故障 FAIL"}


class AdminNetworkScreen(AdminPanel):
    """Platform reachable, signature accepted, clock skew, CA bundle, outbox depth and age."""

    ACTIONS = [("network_check", "admin_screens.network_check", "check", "primary")]

    def on_kv_post(self, base_widget: object) -> None:
        """Title, then the action button."""
        self.title_key = "admin_screens.network_title"
        super().on_kv_post(base_widget)

    def on_enter(self, *args: object) -> None:
        """Check at once when the screen opens."""
        super().on_enter(*args)
        self.check()

    def check(self) -> None:
        """Run the checks in the background and list them."""

        def done(lines: object) -> None:
            checks = list(lines)  # type: ignore[call-overload]
            lines = [f"[{MARKS.get(c.status, c.status)}] {c.name}: {c.detail}" for c in checks]
            self.body_text = "\n".join([*lines, self.admin.heartbeat_line()])
            failed = [c.name for c in checks if c.status == "fail"]
            self.show_result(not failed, ("FAIL: " + ", ".join(failed)) if failed else "OK")

        self.run_in_background(self.admin.run_doctor, done)

"""Technician screens behind the hidden gesture and PIN."""

ADMIN_SCREENS: list[tuple[str, str]] = [
    ("admin_pin", "screens.admin.pin:AdminPinScreen"),
    ("admin_dashboard", "screens.admin.dashboard:AdminDashboardScreen"),
    ("admin_selftest", "screens.admin.selftest:AdminSelfTestScreen"),
    ("admin_outbox", "screens.admin.outbox:AdminOutboxScreen"),
    ("admin_network", "screens.admin.network:AdminNetworkScreen"),
    ("admin_logs", "screens.admin.logs:AdminLogsScreen"),
    ("admin_config", "screens.admin.config_summary:AdminConfigScreen"),
]
"""Admin screens by name, added to the app's screen manager after the citizen screens."""

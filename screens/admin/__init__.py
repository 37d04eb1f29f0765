"""Technician screens behind the hidden gesture and PIN."""

ADMIN_SCREENS: list[tuple[str, str]] = [
    ("admin_pin", "screens.admin.pin:AdminPinScreen"),
    ("admin_dashboard", "screens.admin.dashboard:AdminDashboardScreen"),
]
"""Admin screens by name, added to the app's screen manager after the citizen screens."""

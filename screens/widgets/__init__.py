"""Reusable widgets (idle overlay, keyboards, signature pad, …)."""

"""Kivy screens of the kiosk. They talk only to ``kiosk.services.KioskServices`` (DESIGN.md §2)."""

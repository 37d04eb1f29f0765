"""Device drivers for the kiosk: ID card readers, cameras, receipt printer, speech.

This package stands alone: it never imports ``kiosk``, ``screens`` or ``kivy`` (DESIGN.md §2).
"""

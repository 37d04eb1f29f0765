"""The walk-through harness, apart from the real screens: a driver that taps the running app like a
citizen (:mod:`.driver`), the accessibility audit of every screen (:mod:`.access_audit`), and the
scripted journeys of ``kiosk walkthrough`` and the UI tests (:mod:`.journeys` and its siblings)."""

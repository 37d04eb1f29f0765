"""The commands that start the Kivy UI: ``kiosk run`` and ``kiosk walkthrough`` (see :mod:`screens.cli`)."""

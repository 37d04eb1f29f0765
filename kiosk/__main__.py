"""``python -m kiosk``: the technician's commands (the ``kiosk`` command adds ``run`` and ``walkthrough``,
see :mod:`screens.cli`)."""

from kiosk.cli import main

raise SystemExit(main())

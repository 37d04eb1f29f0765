"""``python -m screens`` is the same as the ``kiosk`` command (all commands, the UI ones included)."""

from screens.cli import main

raise SystemExit(main())

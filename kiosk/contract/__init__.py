"""The platform API v1 contract (DESIGN.md §4.1), shared by the kiosk's client and the reference platform:
body models (:mod:`.models`), timestamps (:mod:`.timestamps`) and upload headers (:mod:`.uploads`)."""

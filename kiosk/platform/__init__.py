"""Reference service platform (DESIGN.md §4): FastAPI app, SQLite store, signature checks, fault injection.

``RunningPlatform(ServerConfig(db_path))`` serves it in a thread (tests, embedded demo);
``kiosk platform serve`` serves it in the foreground; ``start_embedded(settings)`` is the kiosk's hook.
"""

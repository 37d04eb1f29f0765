"""The reference platform embedded in the kiosk process (``platform.embedded = true``: demo, rehearsal)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.platform.config import ServerConfig
from kiosk.platform.faults import parse_faults
from kiosk.platform.server import PlatformServerError, RunningPlatform

LOOPBACK = "127.0.0.1"


def embedded_db_path(settings: Any) -> Path:
    """Where the embedded platform keeps its database (``platform.embedded_db`` or under the data dir)."""
    configured = settings.platform.embedded_db
    if configured is None:
        return Path(settings.kiosk.data_dir) / "platform" / "platform.sqlite3"
    return Path(configured) if Path(configured).is_absolute() else Path(settings.kiosk.data_dir) / configured


def start_embedded(settings: Any) -> RunningPlatform:
    """Start the reference platform on 127.0.0.1 at ``platform.base_url``'s port; ``.stop()`` ends it.

    Raises :class:`PlatformServerError` when base_url is not a local http URL or the port is busy.
    """
    url = urlsplit(settings.platform.base_url)
    if url.scheme != "http" or url.hostname not in (LOOPBACK, "localhost"):
        raise PlatformServerError(f"platform.embedded needs base_url http://127.0.0.1:PORT, not {url.geturl()}")
    try:
        faults = parse_faults(settings.platform.faults)
    except ValueError as exc:
        raise PlatformServerError(f"platform.faults: {exc}") from None
    kiosks = dict(settings.platform.kiosks) or {settings.kiosk.id: settings.platform.secret}
    config = ServerConfig(db_path=embedded_db_path(settings), kiosks=kiosks, faults=faults)
    return RunningPlatform(config, LOOPBACK, 80 if url.port is None else url.port)

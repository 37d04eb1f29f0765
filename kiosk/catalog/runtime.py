"""One object the kiosk starts at boot: the catalog in use, its index warmed and refreshed in the background."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.loading import load_catalog, store_for
from kiosk.catalog.sync import CatalogFetcher, CatalogSync
from kiosk.events import EventBus

if TYPE_CHECKING:
    from kiosk.settings import KioskSettings

log = logging.getLogger(__name__)


class CatalogRuntime:
    """Loads the catalog (last good copy, else the files), then warms and refreshes it on one thread."""

    def __init__(
        self,
        data_dir: Path,
        *,
        source_dir: Path | None = None,
        fetcher: CatalogFetcher | None = None,
        refresh_s: float = 3600,
        bus: EventBus | None = None,
    ) -> None:
        initial = load_catalog(data_dir, source_dir)
        self._sync = CatalogSync(fetcher, store_for(data_dir), initial, bus) if fetcher is not None else None
        self._initial = initial
        self._refresh_s = refresh_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(
        cls, settings: KioskSettings, fetcher: CatalogFetcher | None = None, bus: EventBus | None = None
    ) -> CatalogRuntime:
        """Built from ``[kiosk] data_dir`` and ``[catalog]``; ``fetcher`` is ignored when ``sync = false``."""
        section = settings.catalog
        return cls(
            settings.kiosk.data_dir,
            source_dir=section.source_dir,
            fetcher=fetcher if section.sync else None,
            refresh_s=section.refresh_s,
            bus=bus,
        )

    @property
    def current(self) -> Catalog:
        """The catalog to show now."""
        return self._sync.current if self._sync is not None else self._initial

    def refresh_now(self) -> str:
        """Fetch the catalog from the platform now (a technician's or the fleet's order); how it went."""
        if self._sync is None:
            return "catalog sync is off ([catalog] sync = false)"
        result = self._sync.refresh()
        return f"{result.status} {result.version} {result.reason}".strip()

    def start(self) -> None:
        """Build the search index and start refreshing, on a daemon thread."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="catalog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.current.build_index()
        except Exception:  # noqa: BLE001 - the first search builds it again if this failed
            log.exception("catalog index build failed")
        if self._sync is not None:
            self._sync.run(self._stop, self._refresh_s)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop refreshing and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

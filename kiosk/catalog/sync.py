"""Catalog sync: fetch from the platform with ``ETag``, validate, swap atomically, keep the last good copy.

Written against :class:`CatalogFetcher`, the one method of ``kiosk.sync.client.PlatformClient`` it needs,
so any client (or a technician's test double) with ``fetch_catalog(etag)`` will do.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from kiosk.catalog.catalog import Catalog, CatalogError
from kiosk.catalog.store import CatalogStore
from kiosk.errors import KioskError
from kiosk.events import EventBus

log = logging.getLogger(__name__)


class CatalogFetchLike(Protocol):
    """What ``fetch_catalog`` answers (``kiosk.sync.client.CatalogFetch``)."""

    @property
    def not_modified(self) -> bool:
        """True when the platform answered 304."""
        ...

    @property
    def etag(self) -> str | None:
        """The catalog's version tag."""
        ...

    @property
    def document(self) -> dict[str, Any] | None:
        """The new catalog document, when there is one."""
        ...


class CatalogFetcher(Protocol):
    """Anything that can fetch the catalog with a conditional request."""

    def fetch_catalog(self, etag: str | None) -> CatalogFetchLike:
        """``GET /api/v1/catalog`` with ``If-None-Match: etag`` when given."""
        ...


@dataclass(frozen=True, slots=True)
class CatalogUpdated:
    """Event: a new catalog is in use (the UI reloads its lists)."""

    version: str
    items: int


@dataclass(frozen=True, slots=True)
class SyncResult:
    """How one refresh went; ``reason`` explains a rejection or an unreachable platform."""

    status: Literal["updated", "not_modified", "rejected", "unreachable"]
    version: str
    reason: str = ""


class CatalogSync:
    """Holds the catalog in use and replaces it only with a validated newer one."""

    def __init__(
        self, fetcher: CatalogFetcher, store: CatalogStore, initial: Catalog, bus: EventBus | None = None
    ) -> None:
        self._fetcher = fetcher
        self._store = store
        self._current = initial
        self._bus = bus
        self._lock = threading.Lock()

    @property
    def current(self) -> Catalog:
        """The catalog to use now (swapped as one reference, never half-updated)."""
        return self._current

    def refresh(self) -> SyncResult:
        """Ask the platform for a newer catalog; keep the current one unless the new one validates."""
        with self._lock:
            current = self._current
            try:
                answer = self._fetcher.fetch_catalog(current.etag)
            except (KioskError, OSError) as exc:
                log.warning("catalog refresh: platform unreachable: %s", exc)
                return SyncResult("unreachable", current.version, str(exc))
            if answer.not_modified:
                return SyncResult("not_modified", current.version)
            try:
                if answer.document is None:
                    raise CatalogError("catalog rejected: the platform sent no document")
                fresh = Catalog.from_dict(answer.document, etag=answer.etag, source="platform")
            except CatalogError as exc:
                reason = "; ".join([exc.message, *exc.problems[:5]])
                log.warning("catalog from the platform rejected, keeping version %s: %s", current.version, reason)
                return SyncResult("rejected", current.version, reason)
            fresh.build_index()  # before the swap, so the first keystroke after it is instant
            try:
                self._store.save(fresh)
            except OSError as exc:  # still use it; the old copy on disk stays valid
                log.error("catalog version %s in use but not saved: %s", fresh.version, exc)
            self._current = fresh
            log.info(
                "catalog version %s in use (%d items, %d bundles)", fresh.version, len(fresh.items), len(fresh.bundles)
            )
        if self._bus is not None:
            self._bus.publish(CatalogUpdated(fresh.version, len(fresh.items)))
        return SyncResult("updated", fresh.version)

    def run(self, stop: threading.Event, interval_s: float) -> None:
        """Refresh every ``interval_s`` seconds until ``stop`` is set (run it on a worker thread)."""
        while not stop.is_set():
            try:
                self.refresh()
            except Exception:  # noqa: BLE001 - a surprise must not end the refresh thread
                log.exception("catalog refresh failed")
            stop.wait(interval_s)

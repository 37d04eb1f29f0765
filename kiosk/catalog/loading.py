"""Which catalog the kiosk uses: the last good copy from the platform, else the configured catalog files."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.source import SAMPLE_DIR, build_document
from kiosk.catalog.store import CatalogStore


def store_for(data_dir: Path) -> CatalogStore:
    """The last-good-copy store under ``<data_dir>/catalog/``."""
    return CatalogStore(Path(data_dir) / "catalog")


def load_from_directory(directory: Path = SAMPLE_DIR) -> Catalog:
    """Build and validate the catalog files of ``directory`` (``CatalogError`` when they are wrong)."""
    return Catalog.from_dict(build_document(directory), source=str(directory))


def load_catalog(data_dir: Path, source_dir: Path | None = None) -> Catalog:
    """The catalog the kiosk would use now: the saved platform copy if valid, else the catalog files."""
    saved = store_for(data_dir).load()
    if saved is not None:
        return saved
    return load_from_directory(source_dir or SAMPLE_DIR)

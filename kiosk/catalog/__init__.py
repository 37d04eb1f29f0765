"""Service catalog: items with their guides, situations, forms, one-thing bundles, search and sync.

Importing this package is cheap: pinyin tables load when a search index is first built.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kiosk.catalog.catalog import Catalog, CatalogError, validate_document
from kiosk.catalog.guide import Section, bundle_guide_sections, guide_sections
from kiosk.catalog.language import CHINESE_ONLY, CHINESE_ONLY_NAME, material_name, missing_english, target_name
from kiosk.catalog.loading import load_catalog, load_from_directory, store_for
from kiosk.catalog.model import Bundle, CatalogDocument, Item, Material, Question
from kiosk.catalog.plans import ApplicationNotReady, MaterialNeed, Plan, PreparedApplication, prepare_application
from kiosk.catalog.runtime import CatalogRuntime
from kiosk.catalog.source import SAMPLE_DIR, build_document
from kiosk.catalog.store import CatalogStore
from kiosk.catalog.sync import CatalogFetcher, CatalogSync, CatalogUpdated, SyncResult

__all__ = [
    "PreparedApplication",
    "ApplicationNotReady",
    "Bundle",
    "CHINESE_ONLY",
    "CHINESE_ONLY_NAME",
    "Catalog",
    "CatalogDocument",
    "CatalogError",
    "CatalogFetcher",
    "CatalogRuntime",
    "CatalogStore",
    "CatalogSync",
    "CatalogUpdated",
    "Item",
    "Material",
    "MaterialNeed",
    "Plan",
    "Question",
    "SAMPLE_DIR",
    "Section",
    "SyncResult",
    "build_document",
    "bundle_guide_sections",
    "guide_sections",
    "load_catalog",
    "load_from_directory",
    "material_name",
    "missing_english",
    "prepare_application",
    "sample_document",
    "store_for",
    "target_name",
    "validate_document",
]


@lru_cache(maxsize=1)
def _sample_json() -> str:
    import json

    return json.dumps(build_document(SAMPLE_DIR), ensure_ascii=False, sort_keys=True)


def sample_document() -> dict[str, Any]:
    """The sample catalog of ``config/catalog/`` as one JSON-able document (``GET /api/v1/catalog``)."""
    import json

    return json.loads(_sample_json())

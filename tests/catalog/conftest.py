"""Fixtures for catalog tests: the real sample catalog built from config/catalog/."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kiosk.catalog import Catalog, build_document


@pytest.fixture(scope="session")
def sample_doc() -> dict[str, Any]:
    """The sample wire document (built once per session)."""
    return build_document()


@pytest.fixture(scope="session")
def catalog(sample_doc: dict[str, Any]) -> Catalog:
    """The validated sample catalog with its search index built."""
    cat = Catalog.from_dict(copy.deepcopy(sample_doc), etag='"v1"')
    cat.build_index()
    return cat


@pytest.fixture
def doc(sample_doc: dict[str, Any]) -> dict[str, Any]:
    """A private copy of the sample document a test may damage."""
    return copy.deepcopy(sample_doc)

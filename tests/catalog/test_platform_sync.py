"""Catalog sync against the real reference platform over loopback HTTP, through the real signed client."""

from __future__ import annotations

import json

import pytest

from kiosk.catalog import Catalog, CatalogSync, load_catalog, sample_document, store_for

platform_server = pytest.importorskip("kiosk.platform.server")
platform_config = pytest.importorskip("kiosk.platform.config")
sync_client = pytest.importorskip("kiosk.sync.client")

SECRET = "catalog-test-secret"


@pytest.fixture
def platform(tmp_path):
    server = platform_server.RunningPlatform(
        platform_config.ServerConfig(db_path=tmp_path / "platform" / "platform.sqlite3", kiosks={"KIOSK-CAT": SECRET})
    )
    yield server
    server.stop()


@pytest.fixture
def client(platform):
    c = sync_client.PlatformClient(platform.base_url, "KIOSK-CAT", SECRET, connect_timeout=2, read_timeout=5)
    yield c
    c.close()


def test_first_fetch_then_304_then_restart_from_disk(tmp_path, client):
    data = tmp_path / "data"
    start = Catalog.from_dict(sample_document())  # the files, no ETag yet
    sync = CatalogSync(client, store_for(data), start)
    first = sync.refresh()
    assert first.status == "updated"
    etag = sync.current.etag
    assert etag and etag.startswith('"') and len(etag) == 66
    assert sync.current.document.model_dump(mode="json")["items"][0]["code"] == sample_document()["items"][0]["code"]
    assert sync.refresh().status == "not_modified"
    again = load_catalog(data)
    assert again.etag == etag and len(again.items) == len(start.items)
    saved = json.loads((data / "catalog" / "catalog.json").read_text("utf-8"))
    assert saved["etag"] == etag


def test_platform_gone_keeps_the_catalog(tmp_path, platform, client):
    start = Catalog.from_dict(sample_document())
    sync = CatalogSync(client, store_for(tmp_path), start)
    platform.stop()
    result = sync.refresh()
    assert result.status == "unreachable"
    assert sync.current is start

import json
import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

import pytest

from kiosk.catalog import Catalog, CatalogError, CatalogSync, CatalogUpdated, load_catalog, store_for
from kiosk.errors import PlatformError
from kiosk.events import EventBus


@dataclass
class Fetch:
    not_modified: bool
    etag: str | None
    document: dict[str, Any] | None


class FakePlatform:
    """A stand-in for PlatformClient.fetch_catalog: serves queued answers and records the ETags sent."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.sent: list[str | None] = []

    def fetch_catalog(self, etag: str | None) -> Fetch:
        self.sent.append(etag)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def newer(doc: dict[str, Any], version: str = "2026.12") -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    out["version"] = version
    return out


@pytest.fixture
def start(doc):
    return Catalog.from_dict(doc, etag='"v1"')


def test_update_swaps_saves_and_announces(tmp_path, doc, start):
    bus, seen = EventBus(), []
    bus.subscribe(CatalogUpdated, seen.append)
    platform = FakePlatform(Fetch(False, '"v2"', newer(doc)))
    sync = CatalogSync(platform, store_for(tmp_path), start, bus)
    result = sync.refresh()
    assert result.status == "updated" and result.version == "2026.12"
    assert platform.sent == ['"v1"']
    assert sync.current.version == "2026.12" and sync.current.etag == '"v2"'
    assert seen == [CatalogUpdated("2026.12", len(doc["items"]))]
    saved = json.loads((tmp_path / "catalog" / "catalog.json").read_text("utf-8"))
    assert saved["etag"] == '"v2"' and saved["document"]["version"] == "2026.12"
    assert [p.name for p in (tmp_path / "catalog").iterdir()] == ["catalog.json"]  # no temp file left


def test_not_modified_keeps_everything(tmp_path, start):
    sync = CatalogSync(FakePlatform(Fetch(True, '"v1"', None)), store_for(tmp_path), start)
    assert sync.refresh().status == "not_modified"
    assert sync.current is start
    assert not (tmp_path / "catalog").exists()


def test_bad_catalog_is_rejected_with_a_logged_reason(tmp_path, doc, start, caplog):
    partial = newer(doc)
    partial["items"] = partial["items"][:5]
    sync = CatalogSync(
        FakePlatform(Fetch(False, '"v3"', partial), Fetch(False, '"v4"', None)), store_for(tmp_path), start
    )
    with caplog.at_level(logging.WARNING, logger="kiosk.catalog.sync"):
        result = sync.refresh()
    assert result.status == "rejected" and "partial catalog" in result.reason
    assert sync.current is start
    assert "partial catalog" in caplog.text and "keeping version 2026.11-tz-sample" in caplog.text
    assert sync.refresh().status == "rejected"  # 200 without a body
    assert not (tmp_path / "catalog" / "catalog.json").exists()


def test_unreachable_platform_keeps_the_catalog(tmp_path, start):
    sync = CatalogSync(
        FakePlatform(PlatformError("timeout", status=None), OSError("reset")), store_for(tmp_path), start
    )
    assert sync.refresh().status == "unreachable"
    assert sync.refresh().status == "unreachable"
    assert sync.current is start


def test_restart_uses_the_last_good_copy_and_its_etag(tmp_path, doc, start):
    CatalogSync(FakePlatform(Fetch(False, '"v2"', newer(doc))), store_for(tmp_path), start).refresh()
    again = load_catalog(tmp_path)
    assert again.version == "2026.12" and again.etag == '"v2"'
    platform = FakePlatform(Fetch(True, '"v2"', None))
    CatalogSync(platform, store_for(tmp_path), again).refresh()
    assert platform.sent == ['"v2"']


def test_corrupt_copy_on_disk_falls_back_to_the_catalog_files(tmp_path, caplog):
    path = tmp_path / "catalog" / "catalog.json"
    path.parent.mkdir()
    path.write_text('{"etag": "\\"v2\\"", "document": {"format": "kiosk-cat', encoding="utf-8")  # truncated
    with caplog.at_level(logging.WARNING):
        cat = load_catalog(tmp_path)
    assert cat.version == "2026.11-tz-sample" and cat.etag is None
    assert "ignored" in caplog.text


def test_failed_write_leaves_the_old_copy(tmp_path, doc, start, monkeypatch):
    store = store_for(tmp_path)
    CatalogSync(FakePlatform(Fetch(False, '"v2"', newer(doc))), store, start).refresh()
    before = store.path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    sync = CatalogSync(FakePlatform(Fetch(False, '"v3"', newer(doc, "2027.01"))), store, store.load())
    assert sync.refresh().status == "updated"  # used in memory...
    monkeypatch.undo()
    assert store.path.read_bytes() == before  # ...while the disk keeps the previous good copy
    assert [p.name for p in store.directory.iterdir()] == ["catalog.json"]


def test_run_loop_stops(tmp_path, start):
    platform = FakePlatform(*[Fetch(True, '"v1"', None)] * 100)
    sync = CatalogSync(platform, store_for(tmp_path), start)
    stop = threading.Event()
    worker = threading.Thread(target=sync.run, args=(stop, 0.01))
    worker.start()
    while len(platform.sent) < 3:
        stop.wait(0.01)
    stop.set()
    worker.join(5)
    assert not worker.is_alive()


def test_catalog_error_lists_problems():
    err = CatalogError("catalog rejected", ["a", "b"])
    assert str(err) == "catalog rejected\n  - a\n  - b"


def test_runtime_warms_the_index_and_refreshes(tmp_path, doc):
    from kiosk.catalog import CatalogRuntime

    platform = FakePlatform(Fetch(False, '"v2"', newer(doc)), *[Fetch(True, '"v2"', None)] * 50)
    runtime = CatalogRuntime(tmp_path, fetcher=platform, refresh_s=0.01)
    assert runtime.current.version == "2026.11-tz-sample"
    runtime.start()
    try:
        for _ in range(1000):
            if runtime.current.version == "2026.12":
                break
            threading.Event().wait(0.01)
        assert runtime.current.search("jzz")[0].code == "370481-GA-JZ-001"
    finally:
        runtime.stop()
    assert load_catalog(tmp_path).version == "2026.12"


def test_runtime_without_platform_serves_the_files(tmp_path):
    from kiosk.catalog import CatalogRuntime
    from kiosk.settings import load_settings

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{tmp_path}"\n[catalog]\nsync = false\n', encoding="utf-8")
    runtime = CatalogRuntime.from_settings(load_settings(config), fetcher=FakePlatform())
    runtime.start()
    runtime.stop()
    assert runtime.current.version == "2026.11-tz-sample"

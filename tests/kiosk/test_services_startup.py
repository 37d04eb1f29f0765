"""Start-up order of the services: what ``kiosk run`` defers until home is drawn, the pinyin table
loaded on demand, and the printer-capabilities cache that spares escpos its YAML parse."""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import platform
from pathlib import Path

import pytest

from kiosk.escpos_cache import ENV, prepare_escpos_cache
from kiosk.ime import PinyinInput
from kiosk.services import KioskServices
from kiosk.settings import load_settings


def _settings(data_dir: Path):  # noqa: ANN202 - KioskSettings
    settings = load_settings(environ={})
    settings.kiosk.data_dir = data_dir
    settings.platform.base_url = "http://127.0.0.1:0"
    return settings


def test_deferred_start_leaves_heartbeat_and_catalog_warm_up_for_later(tmp_path: Path) -> None:
    services = KioskServices(_settings(tmp_path))
    try:
        services.start(defer=True)
        assert services.platform is not None and services.sync is not None, "journeys need these at once"
        assert services.catalog_runtime.current.items, "the catalog is loaded, only its warm-up waits"
        assert services.health is None, "the heartbeat waits for start_deferred"
        services.start_deferred()
        assert services.health is not None
        reporter = services.health
        services.start_deferred()
        assert services.health is reporter, "start_deferred runs once"
    finally:
        services.stop()


def test_plain_start_starts_everything_at_once(tmp_path: Path) -> None:
    services = KioskServices(_settings(tmp_path))
    try:
        services.start()
        assert services.health is not None
    finally:
        services.stop()


def test_pinyin_table_loads_on_the_first_wait_when_nobody_started_it() -> None:
    ime = PinyinInput(preload=False)
    assert not ime.settled
    assert ime.candidates("zhang") == [], "no table yet: the keyboard shows the letters"
    assert ime.wait_ready(60), "the first query started the load"
    assert ime.settled and ime.candidates("zhang")


def test_escpos_cache_holds_the_capabilities_escpos_would_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    monkeypatch.delenv(ENV, raising=False)
    prepare_escpos_cache(tmp_path / "escpos")
    assert os.environ[ENV] == str(tmp_path / "escpos")
    cached = tmp_path / "escpos" / f"{platform.python_version()}.capabilities.pickle"
    source = Path(importlib.util.find_spec("escpos").origin).parent / "capabilities.json"
    data = pickle.loads(cached.read_bytes())
    assert data == yaml.safe_load(source.read_text(encoding="utf-8")) == json.loads(source.read_text("utf-8"))
    assert cached.stat().st_mtime >= source.stat().st_mtime, "escpos re-parses a pickle older than its file"


def test_escpos_cache_keeps_a_directory_chosen_by_the_technician(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "chosen"))
    prepare_escpos_cache(tmp_path / "ours")
    assert not (tmp_path / "ours").exists()


def test_escpos_cache_in_an_unwritable_place_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    prepare_escpos_cache(blocker / "escpos")
    assert ENV not in os.environ, "escpos then parses its own file as before"

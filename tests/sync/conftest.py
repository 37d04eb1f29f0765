"""Fixtures: a real reference platform on an ephemeral loopback port, a client, an outbox on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.platform.config import ServerConfig
from kiosk.platform.server import RunningPlatform
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import Outbox
from tests.sync.helpers import KIOSK_ID, SECRET


@pytest.fixture
def platform_config(tmp_path: Path) -> ServerConfig:
    """Server settings with a database outside the kiosk's data directory."""
    return ServerConfig(db_path=tmp_path / "platform" / "platform.sqlite3", kiosks={KIOSK_ID: SECRET})


@pytest.fixture
def platform(platform_config: ServerConfig) -> Iterator[RunningPlatform]:
    """The reference platform serving on 127.0.0.1:<free port>."""
    server = RunningPlatform(platform_config)
    yield server
    server.stop()


@pytest.fixture
def client(platform: RunningPlatform) -> Iterator[PlatformClient]:
    """A client of ``platform`` with short timeouts and 64 KiB upload chunks."""
    c = PlatformClient(platform.base_url, KIOSK_ID, SECRET, connect_timeout=2, read_timeout=3, chunk_bytes=64 * 1024)
    yield c
    c.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The kiosk's data directory."""
    return tmp_path / "data"


@pytest.fixture
def outbox(data_dir: Path) -> Iterator[Outbox]:
    """An outbox on disk under ``data_dir``."""
    box = Outbox.open(data_dir)
    yield box
    box.close()


@pytest.fixture
def fast_policy() -> RetryPolicy:
    """Retry quickly in tests."""
    return RetryPolicy(base_s=0.01, maximum_s=0.05)

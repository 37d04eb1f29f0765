"""Fixtures of the journey tests: one set of real services per test module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.kiosk_helpers import running_services


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Real services: simulated devices, embedded platform on loopback, data in a temp dir (per module)."""
    with running_services(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])) as services:
        yield services

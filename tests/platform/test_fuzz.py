"""The reference platform fuzzed from its own OpenAPI document (schemathesis): every operation, signed like
a real kiosk, never answers 500; and malformed signature headers are a 401 with a code, never a crash."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from kiosk.platform.config import ServerConfig
from kiosk.platform.server import RunningPlatform
from kiosk.sync.signing import sign_request

ROOT = Path(__file__).resolve().parents[2]
KIOSK, SECRET = "KIOSK-FUZZ", "fuzz-secret-123"
schema = schemathesis.openapi.from_dict(json.loads((ROOT / "docs" / "platform-api.json").read_text("utf-8")))


class _Signed(requests.auth.AuthBase):
    """Sign every prepared request exactly as the kiosk does (method, path and query, body digest)."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        method = request.method or "GET"
        request.headers.update(sign_request(KIOSK, SECRET, method, request.path_url, body, time.time()).as_dict())
        return request


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    db = tmp_path_factory.mktemp("fuzz") / "platform.sqlite3"
    running = RunningPlatform(ServerConfig(db_path=db, kiosks={KIOSK: SECRET}))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    s = requests.Session()
    s.auth = _Signed()
    s.trust_env = False
    yield s
    s.close()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_server_error(case, server, session) -> None:  # noqa: ANN001
    response = case.call(base_url=server.base_url, session=session, timeout=10)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"


@pytest.mark.parametrize(
    ("timestamp", "kiosk", "secret", "code"),
    [
        ("²³", KIOSK, SECRET, "bad_timestamp"),  # digits to str.isdigit(), not to the contract
        ("１７００００００００", KIOSK, SECRET, "bad_timestamp"),  # full-width digits
        ("-5", KIOSK, SECRET, "bad_timestamp"),
        ("1" * 13, KIOSK, SECRET, "bad_timestamp"),
        (None, "KIOSK-NOBODY", SECRET, "unknown_kiosk"),
        (None, KIOSK, "another-kiosks-secret", "bad_signature"),
    ],
)
def test_bad_signature_headers_are_401_with_a_code(server, timestamp, kiosk, secret, code) -> None:  # noqa: ANN001
    headers: dict[str, str | bytes] = dict(
        sign_request(kiosk, secret, "GET", "/api/v1/catalog", b"", time.time()).as_dict()
    )
    if timestamp is not None:
        headers["X-Timestamp"] = timestamp.encode("utf-8")  # raw bytes on the wire, as a stranger might send
    answer = requests.get(server.base_url + "/api/v1/catalog", headers=headers, timeout=5)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == code

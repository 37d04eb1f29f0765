"""The reference platform over real loopback HTTP: contract details, timelines, OpenAPI, faults, embedding."""

import json
import socket
import time

import pytest
import requests

from kiosk.platform.faults import Faults, parse_faults
from kiosk.platform.licences import LICENCE_TYPES, sample_licences
from kiosk.platform.server import PlatformServerError, RunningPlatform
from kiosk.sync.client import PlatformClient
from kiosk.sync.signing import sign_request
from tests.sync.helpers import KIOSK_ID, SECRET, id_number


def _submit(client, key="key-aaaaaaaa", n=1):
    body = json.dumps(
        {"item_code": "MZ-001", "applicant": {"name": "张三", "id_number": id_number(n)}}, sort_keys=True
    ).encode()
    return client.submit_application(key, body)


def test_openapi_lists_every_call(platform):
    doc = requests.get(platform.base_url + "/openapi.json", timeout=5).json()
    paths = doc["paths"]
    for path, method in [
        ("/api/v1/catalog", "get"),
        ("/api/v1/licenses", "get"),
        ("/api/v1/identity/verify", "post"),
        ("/api/v1/applications", "post"),
        ("/api/v1/uploads/{upload_id}", "put"),
        ("/api/v1/uploads/{upload_id}", "head"),
        ("/api/v1/cases/{case_no}", "get"),
        ("/api/v1/evaluations", "post"),
        ("/api/v1/queue/tickets", "post"),
        ("/api/v1/kiosks/{kiosk_id}/heartbeat", "post"),
    ]:
        assert method in paths[path], (path, method)
    params = {p["name"].lower() for p in paths["/api/v1/applications"]["post"]["parameters"]}
    assert {"x-signature", "x-nonce", "x-timestamp", "x-kiosk-id", "idempotency-key"} <= params


def test_signature_covers_query_and_body(platform):
    url = platform.base_url + "/api/v1/licenses?holder=" + id_number(1)
    h = sign_request(KIOSK_ID, SECRET, "GET", "/api/v1/licenses?holder=" + id_number(2), b"", time.time())
    answer = requests.get(url, headers=h.as_dict(), timeout=5)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "bad_signature"
    body = b'{"item_code":"X"}'
    h = sign_request(KIOSK_ID, SECRET, "POST", "/api/v1/queue/tickets", body, time.time())
    tampered = requests.post(
        platform.base_url + "/api/v1/queue/tickets", data=b'{"item_code":"Y"}', headers=h.as_dict(), timeout=5
    )
    assert tampered.status_code == 401
    h = sign_request(KIOSK_ID, SECRET, "POST", "/api/v1/queue/tickets", body, time.time() + 400)
    future = requests.post(platform.base_url + "/api/v1/queue/tickets", data=body, headers=h.as_dict(), timeout=5)
    assert future.json()["error"]["code"] == "stale_timestamp"


def test_oversized_body_is_413(platform_config):
    platform_config.max_body_bytes = 1000
    server = RunningPlatform(platform_config)
    try:
        c = PlatformClient(server.base_url, KIOSK_ID, SECRET)
        from kiosk.sync.errors import PlatformTooLarge

        with pytest.raises(PlatformTooLarge):
            c.submit_application("key-bbbbbbbb", b"{" + b" " * 5000 + b"}")
    finally:
        server.stop()


def test_timeline_advances_by_admin_call_and_by_schedule(platform, platform_config, client):
    receipt = _submit(client)
    seen = [client.case(receipt.case_no).status]
    for _ in range(5):
        client.call("POST", f"/api/v1/admin/cases/{receipt.case_no}/advance", ok=(200,))
        seen.append(client.case(receipt.case_no).status)
    assert seen[:4] == ["received", "accepted", "in_review", seen[3]]
    assert seen[3] in ("approved", "rejected")
    assert seen[-1] in ("delivered", "rejected")
    timeline = client.case(receipt.case_no).timeline
    assert [t.at for t in timeline] == sorted(t.at for t in timeline)

    platform_config.case_step_s = 0.2  # the live server reads the config on every query
    other = _submit(client, key="key-cccccccc", n=2)
    time.sleep(0.5)
    status = client.case(other.case_no)
    assert [t.status for t in status.timeline][:3] == ["received", "accepted", "in_review"]


def test_faults_parse_and_reject_nonsense():
    f = parse_faults("500=0.1, 503=0.05,429=0.05,drop_before=0.02,drop_after=0.05,latency=0.2,retry_after=3,seed=4")
    assert f.error_rates == {500: 0.1, 503: 0.05, 429: 0.05} and f.drop_after == 0.05 and f.retry_after_s == 3
    assert parse_faults(f.describe()).error_rates == f.error_rates
    assert not parse_faults("").active
    for bad in ("404=0.1", "500", "500=abc", "explode=1", "500=0.8,503=0.5", "latency=-1"):
        with pytest.raises(ValueError):
            parse_faults(bad)


def test_fault_rates_are_roughly_what_was_asked(platform, client):
    platform.set_faults(Faults(error_rates={500: 0.5}, seed=1))
    outcomes = []
    for _ in range(30):
        try:
            client.queue_ticket("X")
            outcomes.append("ok")
        except Exception:  # noqa: BLE001
            outcomes.append("err")
    assert 5 <= outcomes.count("err") <= 25


def test_licences_use_only_the_agreed_codes():
    for n in range(200):
        for lic in sample_licences(id_number(n)):
            assert lic["type"] in LICENCE_TYPES and lic["name"] == LICENCE_TYPES[lic["type"]][0]
            assert lic["ref"].startswith("LIC-")


def test_catalog_served_from_catalog_package_when_present(client):
    from kiosk.platform import catalog_doc

    doc = client.fetch_catalog(None)
    assert doc.document == json.loads(catalog_doc.canonical_json(catalog_doc.load_document()))
    assert doc.etag == catalog_doc.etag_of(catalog_doc.canonical_json(doc.document))


def test_heartbeat_for_another_kiosk_is_refused(client):
    from kiosk.sync.errors import PlatformRejected

    with pytest.raises(PlatformRejected, match="kiosk_mismatch"):
        client.call("POST", "/api/v1/kiosks/OTHER/heartbeat", body=b"{}", headers={"Content-Type": "application/json"})


def test_embedded_start_stop_and_busy_port(tmp_path):
    from kiosk.platform.embedded import start_embedded
    from kiosk.settings.model import KioskSettings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = KioskSettings()
    settings.kiosk.data_dir = tmp_path / "data"
    settings.platform.base_url = f"http://127.0.0.1:{port}"
    handle = start_embedded(settings)
    try:
        assert handle.base_url == f"http://127.0.0.1:{port}"
        c = PlatformClient.from_settings(settings)
        assert c.queue_ticket("MZ-001").ticket_no == "A001"
        assert (tmp_path / "data" / "platform" / "platform.sqlite3").exists()
        with pytest.raises(PlatformServerError, match="already in use"):
            start_embedded(settings)
    finally:
        handle.stop()
    handle2 = start_embedded(settings)  # the port is free again after stop()
    handle2.stop()
    settings.platform.base_url = "http://example.org:8780"
    with pytest.raises(PlatformServerError, match="127.0.0.1"):
        start_embedded(settings)

"""The client against the real reference platform (and a raw listener for malformed answers)."""

import json
import socket
import time

import pytest
import requests

from kiosk.platform.faults import parse_faults
from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import (
    MalformedResponse,
    PlatformAuthError,
    PlatformBusy,
    PlatformConflict,
    PlatformNotFound,
    PlatformRejected,
    PlatformServerError,
    PlatformTooLarge,
    PlatformUnreachable,
)
from kiosk.sync.signing import sign_request
from tests.sync.garbage_server import GarbageServer
from tests.sync.helpers import KIOSK_ID, SECRET, id_number, material_bytes, sha256


def _body(item="MZ-001", n=1):
    return json.dumps(
        {
            "item_code": item,
            "applicant": {"name": "张三", "id_number": id_number(n)},
            "materials": [{"name": "户口簿", "licence_ref": "LIC-1"}],
        },
        sort_keys=True,
    ).encode()


def test_catalog_etag_roundtrip(client):
    first = client.fetch_catalog(None)
    assert not first.not_modified and first.document and first.etag.startswith('"')
    again = client.fetch_catalog(first.etag)
    assert again.not_modified and again.document is None and again.etag == first.etag
    assert not client.fetch_catalog('"other"').not_modified


def test_licences_deterministic_and_typed(client):
    a = client.licences(id_number(3))
    assert a == client.licences(id_number(3))
    assert a[0].type == "resident_id" and a[0].number == id_number(3)
    allowed = {
        "resident_id",
        "household_register",
        "marriage_cert",
        "real_estate_cert",
        "business_license",
        "residence_permit",
        "birth_medical_cert",
        "social_security_card",
    }
    seen = {lic.type for n in range(16) for lic in client.licences(id_number(n))}
    assert seen <= allowed and len(seen) >= 5
    with pytest.raises(PlatformRejected) as err:
        client.licences("123")
    assert err.value.status == 400 and err.value.code == "invalid_holder"


def test_application_idempotency_200_and_409(client):
    first = client.submit_application("key-00000001", _body())
    assert not first.replayed and first.case_no.startswith("SQ")
    again = client.submit_application("key-00000001", _body())
    assert again.replayed and again.case_no == first.case_no
    with pytest.raises(PlatformConflict) as err:
        client.submit_application("key-00000001", _body(n=2))
    assert err.value.status == 409 and err.value.code == "idempotency_conflict"
    assert client.submit_application("key-00000002", _body()).case_no != first.case_no


def test_invalid_application_is_400_with_platform_message(client):
    with pytest.raises(PlatformRejected) as err:
        client.submit_application("key-00000003", b'{"item_code": "X"}')
    assert err.value.code == "invalid_request" and "applicant" in err.value.message
    with pytest.raises(PlatformRejected, match="material_missing"):
        client.submit_application(
            "key-00000004",
            json.dumps(
                {
                    "item_code": "X",
                    "applicant": {"name": "李四", "id_number": id_number(1)},
                    "materials": [{"name": "m", "upload_id": "nosuchupload", "sha256": "0" * 64}],
                }
            ).encode(),
        )


def test_wrong_secret_is_401(platform):
    bad = PlatformClient(platform.base_url, KIOSK_ID, "another-secret")
    with pytest.raises(PlatformAuthError) as err:
        bad.queue_ticket("MZ-001")
    assert err.value.status == 401 and err.value.code == "bad_signature"


def test_clock_drift_is_measured_and_signing_corrected(platform):
    late = PlatformClient(platform.base_url, KIOSK_ID, SECRET, clock=lambda: time.time() - 400)
    ticket = late.queue_ticket("MZ-001")  # 401 stale_timestamp, then once more with the platform's time
    assert ticket.ticket_no and 398 <= late.offset.measured_s <= 402 and late.offset.corrects
    assert "signing corrected" in late.offset.describe()
    assert late.queue_ticket("MZ-001").ticket_no  # no 401 any more: signed with the corrected clock
    in_step = PlatformClient(platform.base_url, KIOSK_ID, SECRET)
    in_step.queue_ticket("MZ-001")
    assert not in_step.offset.corrects and abs(in_step.offset.measured_s) < 2


def test_clock_skew_is_401_when_the_platform_gives_no_time(garbage):
    garbage.status, garbage.headers = 401, {"Content-Type": "application/json"}
    garbage.body = b'{"error": {"code": "stale_timestamp", "message": "clock"}}'
    late = PlatformClient(garbage.base_url, KIOSK_ID, SECRET, clock=lambda: 1.0e9)
    with pytest.raises(PlatformAuthError) as err:
        late.queue_ticket("MZ-001")
    assert err.value.code == "stale_timestamp"


def test_replayed_nonce_is_401(platform):
    url = platform.base_url + "/api/v1/catalog"
    headers = sign_request(
        KIOSK_ID, SECRET, "GET", "/api/v1/catalog", b"", time.time(), nonce="n0nce-fixed-1"
    ).as_dict()
    assert requests.get(url, headers=headers, timeout=5).status_code == 200
    again = requests.get(url, headers=headers, timeout=5)
    assert again.status_code == 401 and again.json()["error"]["code"] == "replayed_nonce"
    assert requests.get(url, timeout=5).json()["error"]["code"] == "unsigned"


def test_unknown_case_is_404_and_case_query(client):
    with pytest.raises(PlatformNotFound):
        client.case("SQ-NOPE")
    body = json.loads(_body())
    body["local_ref"] = "TZ-20261124-0042"
    receipt = client.submit_application("key-00000005", json.dumps(body).encode())
    status = client.case(receipt.case_no)
    assert status.status == "received" and status.timeline[0].status == "received"
    assert client.case("TZ-20261124-0042").case_no == receipt.case_no  # offline receipt's reference


@pytest.mark.parametrize(
    "status,kind", [(500, PlatformServerError), (502, PlatformServerError), (503, PlatformBusy), (429, PlatformBusy)]
)
def test_injected_statuses(platform, client, status, kind):
    platform.set_faults(parse_faults(f"{status}=1,retry_after=7"))
    with pytest.raises(kind) as err:
        client.queue_ticket("MZ-001")
    assert err.value.status == status
    assert err.value.transient
    if status in (429, 503):
        assert err.value.retry_after == 7


def test_timeout_is_unreachable(platform):
    platform.set_faults(parse_faults("latency=1.5"))
    impatient = PlatformClient(platform.base_url, KIOSK_ID, SECRET, read_timeout=0.3)
    with pytest.raises(PlatformUnreachable, match="timed out"):
        impatient.queue_ticket("MZ-001")


def test_reset_before_processing_stores_nothing(platform, client):
    platform.set_faults(parse_faults("drop_before=1"))
    with pytest.raises(PlatformUnreachable):
        client.submit_application("key-00000006", _body())
    platform.set_faults(parse_faults(""))
    assert platform.store.cases() == []


def test_dropped_after_processing_then_retry_gets_same_case(platform, client):
    platform.set_faults(parse_faults("drop_after=1"))
    with pytest.raises(PlatformUnreachable):
        client.submit_application("key-00000007", _body())
    assert len(platform.store.cases()) == 1  # the platform stored it; the kiosk never heard
    platform.set_faults(parse_faults(""))
    receipt = client.submit_application("key-00000007", _body())
    assert receipt.replayed and receipt.case_no == platform.store.cases()[0]["case_no"]
    assert len(platform.store.cases()) == 1


def test_connection_refused_is_unreachable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = PlatformClient(f"http://127.0.0.1:{port}", KIOSK_ID, SECRET, connect_timeout=1)
    with pytest.raises(PlatformUnreachable):
        c.queue_ticket("MZ-001")


def test_resumable_upload_continues_where_it_stopped(platform, client):
    data = material_bytes(7, 300_000)
    digest = sha256(data)
    client.put_chunk("upload-resume-1", data[:65536], 0, len(data), digest, "image/jpeg")
    assert client.upload_state("upload-resume-1", len(data)).received == 65536
    starts = []

    def source(start):
        starts.append(start)
        yield data[start:]

    state = client.upload("upload-resume-1", len(data), digest, "image/jpeg", source)
    assert state.complete and starts == [65536]
    stored = platform.store.upload_path("upload-resume-1").read_bytes()
    assert sha256(stored) == digest
    # offset mismatch is a typed 409; a complete upload answers complete again
    with pytest.raises(PlatformConflict):
        client.put_chunk("upload-resume-2", data[:10], 5, len(data), digest, "image/jpeg")
    assert client.upload("upload-resume-1", len(data), digest, "image/jpeg", source).complete


def test_upload_sha_mismatch_and_size_limit(platform, client):
    data = material_bytes(8, 100_000)
    starts = []

    def source(start):
        starts.append(start)
        return [data[start:]]

    with pytest.raises(PlatformRejected) as err:
        client.upload("upload-badsha-1", len(data), "0" * 64, "image/jpeg", source)
    assert err.value.code == "checksum_mismatch" and err.value.status == 400
    assert starts == [0, 0, 0]  # discarded by the platform: sent again from 0, twice, then given up
    assert client.upload_state("upload-badsha-1", len(data)).received == 0
    with pytest.raises(PlatformTooLarge):
        client.put_chunk("upload-big-1", b"x" * 10, 0, 30 << 20, "1" * 64, "image/jpeg")
    with pytest.raises(PlatformRejected, match="bad_content_type"):
        client.put_chunk("upload-type-1", b"x" * 10, 0, 10, "1" * 64, "text/plain")


def test_other_calls(client):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buf, "JPEG")
    match = client.verify_face(buf.getvalue(), id_number(1), "张三")
    assert match.match and 0.9 <= match.score <= 1
    rehearsal = client.verify_face(buf.getvalue(), "370481196203050042", "王秀英")
    assert not rehearsal.match and rehearsal.score < 0.5, "the rehearsal card's face never matches"
    with pytest.raises(PlatformRejected, match="photo_unreadable"):
        client.verify_face(b"not an image", id_number(1), "张三")
    ticket = client.queue_ticket("MZ-001")
    assert ticket.ticket_no.startswith("A") and ticket.window
    assert abs(client.heartbeat({"printer": "ready"}, 2, "0.1.0", 5).server_time - time.time()) < 5
    receipt = client.submit_application("key-00000008", _body())
    assert client.evaluate(5, case_no=receipt.case_no, reasons=["快"]).evaluation_id
    with pytest.raises(PlatformRejected):
        client.evaluate(9, case_no=receipt.case_no)
    with pytest.raises(PlatformNotFound):
        client.evaluate(3, case_no="SQ-NOPE")


@pytest.fixture
def garbage():
    server = GarbageServer()
    yield server
    server.stop()


@pytest.mark.parametrize("body", [b"not json", b'{"case_no": 5}', b"[]", b'{"status": "x"}', b"\xff\xfe"])
def test_malformed_answers_are_typed_errors(garbage, body):
    garbage.status, garbage.body = 201, body
    c = PlatformClient(garbage.base_url, KIOSK_ID, SECRET)
    with pytest.raises(MalformedResponse):
        c.submit_application("key-00000009", _body())


def test_huge_answers_are_refused(garbage):
    garbage.body = b'{"licenses": [' + b" " * 300_000 + b"]}"
    c = PlatformClient(garbage.base_url, KIOSK_ID, SECRET, max_response_bytes=100_000)
    with pytest.raises(MalformedResponse, match="too large"):
        c.licences(id_number(1))
    garbage.headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    garbage.body = b"%x\r\n%s\r\n0\r\n\r\n" % (200_000, b" " * 200_000)
    with pytest.raises(MalformedResponse, match="too large"):
        c.licences(id_number(1))


def test_error_without_platform_body_still_typed(garbage):
    garbage.status, garbage.body = 418, b"<html>teapot</html>"
    c = PlatformClient(garbage.base_url, KIOSK_ID, SECRET)
    with pytest.raises(PlatformRejected) as err:
        c.queue_ticket("X")
    assert err.value.status == 418 and err.value.code == ""
    garbage.status, garbage.body = 200, b""
    with pytest.raises(MalformedResponse):
        c.upload_state("upload-x-000001", 10)  # HEAD without Upload-Offset

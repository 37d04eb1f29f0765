"""The client against platforms other than our own: an independent §4.1 server, and the reference server
under every fault kind, exactly-once checked from the server's own records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.platform.faults import parse_faults
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.drain import EXIT_DRAINED, drain
from kiosk.sync.errors import PlatformRejected
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import SyncWorker
from tests.sync.helpers import KIOSK_ID, SECRET, application, material_bytes, sha256
from tests.sync.minimal_platform import MinimalPlatform

FAST = RetryPolicy(base_s=0.01, maximum_s=0.05, healthy_cap_s=0.05)


@pytest.fixture
def minimal() -> Iterator[MinimalPlatform]:
    server = MinimalPlatform()
    yield server
    server.stop()


def test_applications_reach_an_independent_platform_once(minimal: MinimalPlatform, outbox: Outbox) -> None:
    client = PlatformClient(minimal.base_url, KIOSK_ID, SECRET, chunk_bytes=64 * 1024)
    queued = [outbox.put(application(i)) for i in range(3)]
    worker = SyncWorker(outbox, client, policy=FAST, poll_interval_s=0.01)
    result = drain(worker, until_empty=True, max_s=30)
    assert result.exit_code == EXIT_DRAINED and result.sent == 3
    assert len(minimal.cases) == 3
    assert {outbox.find(q.id).case_no for q in queued} == {c["case_no"] for c in minimal.cases.values()}
    assert client.heartbeat({}, 0, "1", 1.0).server_time is None  # 204: success without a body
    assert minimal.heartbeats == 1
    status = client.case("MIN00001")
    assert status.timeline[0].at == 1795483800.0 and status.promised_date == ""


def test_upload_resumes_from_a_409_and_restarts_after_a_460(minimal: MinimalPlatform) -> None:
    client = PlatformClient(minimal.base_url, KIOSK_ID, SECRET, chunk_bytes=1000)
    data = material_bytes(3, 5000)
    minimal.uploads["up.1"], minimal.lengths["up.1"] = bytearray(data[:2500]), 5000
    starts: list[int] = []

    def source(start: int) -> list[bytes]:
        starts.append(start)
        return [data[start:]]

    state = client.upload("up.1", 5000, sha256(data), "image/jpeg", source, probe=False)
    assert state.complete and starts == [0, 2500] and bytes(minimal.uploads["up.1"]) == data
    starts.clear()  # a wrong sha256: the server discards the file (460); the client starts again from 0
    with pytest.raises(PlatformRejected) as err:
        client.upload("up.2", 5000, "0" * 64, "image/jpeg", source)
    assert err.value.code == "checksum_mismatch" and err.value.status == 460 and starts == [0, 0, 0]


def test_a_file_that_arrived_whole_is_not_appended_to_when_sent_again(minimal: MinimalPlatform) -> None:
    """The answer to the last PUT was lost: sending the file again (no HEAD first) gets 409 with the
    platform's Upload-Offset, which says it is complete."""
    client = PlatformClient(minimal.base_url, KIOSK_ID, SECRET, chunk_bytes=64 * 1024)
    data = material_bytes(4, 3000)
    minimal.uploads["up.3"], minimal.lengths["up.3"] = bytearray(data), 3000
    state = client.upload("up.3", 3000, sha256(data), "image/jpeg", lambda start: [data[start:]], probe=False)
    assert state.complete and state.received == 3000 and bytes(minimal.uploads["up.3"]) == data


@pytest.mark.parametrize("fault", ["500=0.35", "503=0.35", "429=0.35", "drop_before=0.3", "drop_after=0.3"])
def test_every_fault_kind_delivers_exactly_once(fault: str, platform, client, tmp_path: Path) -> None:  # noqa: ANN001
    platform.set_faults(parse_faults(f"{fault},retry_after=0,seed=7"))
    box = Outbox.open(tmp_path / "kiosk")
    try:
        refs = {box.put(application(i)).local_ref for i in range(6)}
        result = drain(SyncWorker(box, client, policy=FAST, poll_interval_s=0.01), until_empty=True, max_s=60)
        assert result.exit_code == EXIT_DRAINED, result
        assert result.retried > 0, "the fault was injected"
    finally:
        box.close()
    per_ref = Counter(c["local_ref"] for c in platform.store.cases())
    assert {r: per_ref[r] for r in refs} == dict.fromkeys(refs, 1)

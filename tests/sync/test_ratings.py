"""Ratings are stored and forwarded like applications: nothing lost offline, nothing counted twice, sent
with the case number once the case exists, sealed on disk and erased once delivered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.platform.faults import parse_faults
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.ratings import RatingQueue
from kiosk.sync.sender import Sender
from kiosk.sync.vault import Vault
from tests.sync.helpers import KIOSK_ID, SECRET, application

COMMENT = "窗口的王女士很耐心"


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """The queue's clock."""
    return Clock()


@pytest.fixture
def ratings(data_dir: Path, outbox: Outbox, clock: Clock) -> Iterator[RatingQueue]:
    """A rating queue beside the outbox, sealed with the outbox key, retrying after at most 1 s."""
    queue = RatingQueue(
        outbox.directory / "ratings.sqlite3",
        Vault.open(data_dir / "keys" / "outbox.key"),
        policy=RetryPolicy(base_s=0.5, maximum_s=1.0),
        clock=clock,
    )
    yield queue
    queue.close()


def _rows(platform) -> list[tuple]:  # noqa: ANN001
    with platform.store._tx() as db:
        rows = db.execute("SELECT case_no, visit_id, level, reasons, comment FROM evaluations").fetchall()
    return [tuple(r) for r in rows]


def test_a_rating_given_offline_is_sent_when_the_platform_is_back(platform, outbox, ratings, client, clock) -> None:  # noqa: ANN001
    offline = PlatformClient("http://127.0.0.1:9", KIOSK_ID, SECRET, connect_timeout=0.5, read_timeout=0.5)
    try:
        assert ratings.put("visit-offline", 4, ["办理快"], COMMENT)
        [attempt] = ratings.deliver_due(offline, outbox)
    finally:
        offline.close()
    assert attempt.outcome == "retry" and ratings.waiting() == 1
    assert ratings.deliver_due(client, outbox) == [], "not due again before its back-off"
    clock.now += 2
    [attempt] = ratings.deliver_due(client, outbox)
    assert attempt.outcome == "sent" and ratings.waiting() == 0
    assert _rows(platform) == [(None, "visit-offline", 4, '["办理快"]', COMMENT)]


def test_a_rating_waits_for_its_case_and_goes_with_the_case_number(platform, outbox, ratings, client) -> None:  # noqa: ANN001
    queued = outbox.put(application(1, visit="visit-with-case", sizes=(1000,)))
    assert ratings.put("visit-with-case", 5, [], "")
    assert [a.outcome for a in ratings.deliver_due(client, outbox)] == ["waiting"]
    assert _rows(platform) == []
    item = outbox.claim()
    assert item == queued.id
    case_no = Sender(outbox, client).deliver(item).case_no
    assert [a.outcome for a in ratings.deliver_due(client, outbox)] == ["sent"]
    assert _rows(platform) == [(case_no, "visit-with-case", 5, "[]", "")]


def test_a_retry_after_a_lost_answer_is_counted_once(platform, outbox, ratings, client, clock) -> None:  # noqa: ANN001
    assert ratings.put("visit-lost-answer", 2, ["等候久"], "")
    platform.set_faults(parse_faults("drop_after=1"))
    [attempt] = ratings.deliver_due(client, outbox)
    platform.set_faults(parse_faults(""))
    assert attempt.outcome == "retry" and len(_rows(platform)) == 1, "the platform stored it, the answer was lost"
    clock.now += 2
    assert [a.outcome for a in ratings.deliver_due(client, outbox)] == ["sent"]
    assert len(_rows(platform)) == 1


def test_one_rating_per_visit_and_a_refused_one_is_dropped(platform, outbox, ratings, client) -> None:  # noqa: ANN001
    assert ratings.put("visit-twice", 9, [], "")
    assert not ratings.put("visit-twice", 3, [], ""), "the same visit is rated once"
    [attempt] = ratings.deliver_due(client, outbox)
    assert attempt.outcome == "dropped", "level 9 is refused: retrying would never succeed"
    assert ratings.waiting() == 0 and _rows(platform) == []


def test_the_comment_is_sealed_on_disk_and_erased_after_delivery(outbox, ratings, client) -> None:  # noqa: ANN001
    assert ratings.put("visit-private", 5, ["指南清楚"], COMMENT)
    on_disk = b"".join(p.read_bytes() for p in ratings.path.parent.glob("ratings.sqlite3*"))
    assert COMMENT.encode() not in on_disk and "指南清楚".encode() not in on_disk
    assert [a.outcome for a in ratings.deliver_due(client, outbox)] == ["sent"]
    ratings._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert ratings.waiting() == 0

"""The worker-thread recogniser and the associations, with the real model and pinyinIME's table."""

from __future__ import annotations

import queue
import threading

from kiosk.handwriting.associations import Associations, build_map
from kiosk.handwriting.errors import EngineUnavailable, HandwritingError
from kiosk.handwriting.recognizer import Recognizer
from kiosk.handwriting.zinnia import Candidate
from kiosk.settings.handwriting import DEFAULT_MODEL


def test_recognizer_answers_on_its_own_thread(strokes: dict) -> None:
    answers: queue.Queue[tuple[int, list[Candidate], str]] = queue.Queue()
    rec = Recognizer(DEFAULT_MODEL, lambda rid, cands: answers.put((rid, cands, threading.current_thread().name)))
    try:
        rid = rec.submit(strokes["居"], top=8)
        got_id, cands, thread = answers.get(timeout=30)
    finally:
        rec.close()
    assert got_id == rid
    assert len(cands) == 8
    assert cands[0].char == "居"
    assert thread == "handwriting"


def test_recognizer_reports_missing_model(tmp_path, strokes: dict) -> None:
    errors: queue.Queue[tuple[int, HandwritingError]] = queue.Queue()
    rec = Recognizer(tmp_path / "none.model", lambda *_: None, lambda rid, exc: errors.put((rid, exc)))
    try:
        assert rec.wait_ready(30)
        assert isinstance(rec.load_error, EngineUnavailable)
        rid = rec.submit(strokes["居"])
        got_id, exc = errors.get(timeout=30)
    finally:
        rec.close()
    assert got_id == rid
    assert isinstance(exc, EngineUnavailable)


def test_recognizer_answers_the_latest_request(strokes: dict) -> None:
    answers: queue.Queue[int] = queue.Queue()
    rec = Recognizer(DEFAULT_MODEL, lambda rid, _c: answers.put(rid))
    try:
        ids = [rec.submit(strokes[c]) for c in "居住证身份"]
        seen = []
        while not seen or seen[-1] != ids[-1]:
            seen.append(answers.get(timeout=30))
    finally:
        rec.close()
    assert seen[-1] == ids[-1]
    assert seen == sorted(seen)  # never an older answer after a newer one


def test_associations_lead_from_ju_to_juzhuzheng() -> None:
    assoc = Associations()
    assert assoc.wait_ready(60)
    assert "住" in assoc.next_chars("居", 10)
    assert "证" in assoc.next_chars("居住", 10)
    assert "执" in assoc.next_chars("营业", 10)


def test_extra_words_come_first() -> None:
    nxt = build_map([("居民", 100), ("居住", 50), ("居住证", 10)])
    assert nxt["居"].most_common(1)[0][0] == "民"
    assoc = Associations(["居住证明"], preload=False)
    assert assoc.next_chars("居") == []  # not built yet: nothing rather than waiting
    assoc.wait_ready(60)
    assert assoc.next_chars("居住证", 3)[0] == "明"

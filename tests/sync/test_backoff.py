import random

from hypothesis import given
from hypothesis import strategies as st

from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import parse_retry_after


@given(failures=st.integers(1, 60), seed=st.integers(0, 1000))
def test_backoff_grows_is_capped_and_jittered(failures, seed):
    policy = RetryPolicy(base_s=2, maximum_s=300, rng=random.Random(seed))
    ceiling = min(300, 2 * 2 ** (failures - 1))
    delay = policy.delay(failures)
    assert ceiling / 2 <= delay <= ceiling


def test_retry_after_wins_but_is_capped():
    policy = RetryPolicy(base_s=2, maximum_s=30, rng=random.Random(1))
    assert 7 <= policy.delay(1, retry_after=7) <= 7.8
    assert 30 <= policy.delay(1, retry_after=999) <= 31


def test_parse_retry_after_forms():
    assert parse_retry_after("5") == 5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0


@given(failures=st.integers(1, 80), seed=st.integers(0, 1000))
def test_while_the_platform_answers_others_the_wait_is_short_but_still_grows_for_a_bad_item(failures, seed):
    policy = RetryPolicy(base_s=2, maximum_s=300, healthy_cap_s=4, healthy_doubling_every=8, rng=random.Random(seed))
    cap = min(300, 4 * 2 ** (failures // 8), 2 * 2 ** (failures - 1))
    delay = policy.delay(failures, platform_answering=True)
    assert cap / 2 <= delay <= cap
    assert delay <= policy.delay(failures) * 2  # never longer than the plain backoff's ceiling

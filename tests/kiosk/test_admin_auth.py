"""Admin PIN: right PIN opens, wrong PINs count, lockout after five, every attempt logged, PIN never."""

from __future__ import annotations

import logging

import pytest

from kiosk.admin_auth import AdminGate
from kiosk.clock import OffsetClock
from kiosk.errors import AdminLocked


def test_lockout_after_five_failures_for_five_minutes(caplog: pytest.LogCaptureFixture) -> None:
    clock = OffsetClock()
    gate = AdminGate("246810", clock, max_failures=5, lockout_s=300)
    caplog.set_level(logging.INFO, logger="kiosk.admin")
    for attempt in range(4):
        assert gate.check("000000") is False
        assert gate.tries_left() == 5 - attempt - 1
    assert gate.check("111111") is False
    assert gate.seconds_locked() == pytest.approx(300, abs=1)
    with pytest.raises(AdminLocked) as locked:
        gate.check("246810")  # even the right PIN is refused while locked
    assert locked.value.seconds_left > 290
    clock.advance(301)
    assert gate.check("246810") is True
    results = [r.result for r in caplog.records if getattr(r, "event", "") == "admin_login"]
    assert results == ["wrong_pin"] * 4 + ["lockout", "locked", "ok"]
    assert all("246810" not in r.getMessage() and "000000" not in r.getMessage() for r in caplog.records)


def test_success_resets_the_failure_count() -> None:
    gate = AdminGate("1234", OffsetClock(), max_failures=3)
    gate.check("0000")
    gate.check("0000")
    assert gate.check("1234")
    assert gate.tries_left() == 3

"""A kiosk whose clock drifted keeps working (signing corrected) and says so: doctor and heartbeat."""

from __future__ import annotations

import time

from kiosk.sync.client import PlatformClient
from kiosk.sync.doctor import OK, WARN, check_platform
from tests.sync.helpers import KIOSK_ID, SECRET


def test_doctor_reports_the_drift_and_the_heartbeat_still_goes_through(platform) -> None:  # noqa: ANN001
    drifted = PlatformClient(platform.base_url, KIOSK_ID, SECRET, clock=lambda: time.time() - 600)
    checks = {c.name: c for c in check_platform(drifted, 0, "test")}
    assert checks["signature_accepted"].status == OK
    assert checks["clock_skew"].status == WARN and "+600" in checks["clock_skew"].detail
    assert "fix NTP" in checks["clock_skew"].detail
    in_step = PlatformClient(platform.base_url, KIOSK_ID, SECRET)
    checks = {c.name: c for c in check_platform(in_step, 0, "test")}
    assert checks["clock_skew"].status == OK and "fix NTP" not in checks["clock_skew"].detail

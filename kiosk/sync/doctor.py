"""Health checks of the kiosk's link to the platform, for ``kiosk doctor`` and the technician screen."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import PlatformAuthError, PlatformCallError, PlatformUnreachable
from kiosk.sync.outbox import Outbox

OK, WARN, FAIL = "ok", "warn", "fail"
MAX_SKEW_WARN_S = 60.0
OLDEST_WARN_S = 3600.0


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the doctor's report."""

    name: str
    status: str
    detail: str


def check_ca(ca_bundle: Path | None, now: datetime | None = None) -> Check:
    """The CA bundle loads and none of its certificates has expired."""
    if ca_bundle is None:
        return Check("ca_bundle", OK, "system CA store")
    try:
        ssl.create_default_context(cafile=str(ca_bundle))
        from cryptography import x509

        certs = x509.load_pem_x509_certificates(Path(ca_bundle).read_bytes())
    except (OSError, ssl.SSLError, ValueError) as exc:
        return Check("ca_bundle", FAIL, f"{ca_bundle}: not a usable PEM CA bundle ({exc})")
    now = now or datetime.now(UTC)
    expired = [c.subject.rfc4514_string() for c in certs if c.not_valid_after_utc < now]
    if expired:
        return Check("ca_bundle", FAIL, f"expired certificate(s): {'; '.join(expired)}")
    soonest = min(c.not_valid_after_utc for c in certs)
    return Check("ca_bundle", OK, f"{len(certs)} certificate(s), first expiry {soonest:%Y-%m-%d}")


def check_platform(
    client: PlatformClient, outbox_depth: int, app_version: str, clock: Callable[[], float] = time.time
) -> list[Check]:
    """Reachability, signature acceptance and clock skew, from one signed heartbeat."""
    sent = clock()
    try:
        ack = client.heartbeat({}, outbox_depth, app_version, 0.0)
    except PlatformUnreachable as exc:
        return [Check("platform_reachable", FAIL, f"{client.base_url}: {exc.message}")]
    except PlatformAuthError as exc:
        hint = "the kiosk clock is off: fix NTP" if exc.code == "stale_timestamp" else "check platform.secret"
        return [Check("platform_reachable", OK, client.base_url), Check("signature_accepted", FAIL, f"{exc} ({hint})")]
    except PlatformCallError as exc:
        return [
            Check("platform_reachable", OK, client.base_url),
            Check("signature_accepted", WARN, f"heartbeat refused: {exc}"),
        ]
    received = clock()
    skew = client.offset.measured_s  # measured against the client's own clock (the one it signs with)
    if skew is None and ack.server_time is not None:
        skew = ack.server_time - (sent + received) / 2
    answered = [
        Check("platform_reachable", OK, f"{client.base_url} ({(received - sent) * 1000:.0f} ms)"),
        Check("signature_accepted", OK, "heartbeat accepted"),
    ]
    if skew is None:
        return [*answered, Check("clock_skew", WARN, "the platform told no time (no Date header, no server_time)")]
    skew_status = OK if abs(skew) <= MAX_SKEW_WARN_S else WARN
    corrected = " (requests are signed with the platform's time: fix NTP)" if client.offset.corrects else ""
    return [*answered, Check("clock_skew", skew_status, f"platform clock {skew:+.1f} s from ours{corrected}")]


def check_outbox(outbox: Outbox) -> list[Check]:
    """Outbox depth, failed items and the age of the oldest undelivered application."""
    d = outbox.depth()
    depth = Check(
        "outbox_depth", OK if d.failed == 0 else WARN, f"{d.pending} pending, {d.sending} sending, {d.failed} failed"
    )
    if d.oldest_age_s is None:
        return [depth, Check("outbox_oldest", OK, "nothing waiting")]
    age_status = OK if d.oldest_age_s < OLDEST_WARN_S else WARN
    return [depth, Check("outbox_oldest", age_status, f"oldest undelivered item is {d.oldest_age_s:.0f} s old")]


def run_checks(settings: Any, app_version: str = "") -> list[Check]:
    """Every check, in the order a technician reads them."""
    checks = [check_ca(settings.platform.ca_bundle)]
    outbox = Outbox.open(settings.kiosk.data_dir, local_ref_prefix=settings.platform.local_ref_prefix, recover=False)
    client = PlatformClient.from_settings(settings)
    try:
        outbox_checks = check_outbox(outbox)
        platform_checks = check_platform(client, outbox.depth().waiting, app_version)
    finally:
        outbox.close()
        client.close()
    if settings.platform.embedded and platform_checks[0].status == FAIL:
        platform_checks[0] = Check(
            "platform_reachable", WARN, platform_checks[0].detail + " (embedded platform: it runs inside `kiosk run`)"
        )
    return checks + platform_checks + outbox_checks

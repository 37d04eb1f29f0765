"""HTTPS with a provincial private CA: verified with the configured bundle, refused without it."""

import pytest

from kiosk.platform.server import RunningPlatform
from kiosk.sync.client import PlatformClient
from kiosk.sync.doctor import FAIL, OK, check_ca
from kiosk.sync.errors import PlatformUnreachable
from tests.sync.helpers import KIOSK_ID, SECRET
from tests.sync.tls import make_ca_and_server


@pytest.fixture
def https_platform(platform_config, tmp_path):
    ca, cert, key = make_ca_and_server(tmp_path / "pki")
    server = RunningPlatform(platform_config, tls=(str(cert), str(key)))
    yield server, ca
    server.stop()


def test_private_ca_bundle_is_used_for_verification(https_platform):
    server, ca = https_platform
    assert server.base_url.startswith("https://127.0.0.1:")
    trusted = PlatformClient(server.base_url, KIOSK_ID, SECRET, ca_bundle=ca)
    assert trusted.queue_ticket("MZ-001").ticket_no == "A001"
    untrusted = PlatformClient(server.base_url, KIOSK_ID, SECRET)
    with pytest.raises(PlatformUnreachable, match="TLS verification failed"):
        untrusted.queue_ticket("MZ-001")


def test_doctor_checks_the_ca_bundle(tmp_path):
    ca, _, _ = make_ca_and_server(tmp_path / "good")
    assert check_ca(ca).status == OK
    assert check_ca(None).status == OK
    expired, _, _ = make_ca_and_server(tmp_path / "old", ca_days=-1)
    result = check_ca(expired)
    assert result.status == FAIL and "expired" in result.detail
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    assert check_ca(junk).status == FAIL

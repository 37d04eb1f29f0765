"""Fixtures shared with tests/sync: the real reference platform on a free loopback port, a client, an outbox."""

from tests.sync.conftest import client, data_dir, fast_policy, outbox, platform, platform_config  # noqa: F401

"""Wire the sync parts from the settings in one call (for ``kiosk run`` and the services facade)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.ratings import RatingQueue
from kiosk.sync.vault import Vault
from kiosk.sync.worker import SyncWorker


@dataclass(slots=True)
class SyncRuntime:
    """The running outbox, rating queue, client and worker; ``stop()`` ends them in order."""

    outbox: Outbox
    client: PlatformClient
    worker: SyncWorker
    ratings: RatingQueue | None = None

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the worker (after its current item), then close the client and the outbox."""
        stopped = self.worker.stop(timeout)
        self.client.close()
        if stopped:
            self.outbox.close()
            if self.ratings is not None:
                self.ratings.close()
        return stopped


def start_sync(settings: Any, bus: Any = None) -> SyncRuntime:
    """Open the outbox and the rating queue under ``kiosk.data_dir`` (resuming interrupted items) and
    start draining them in a background thread."""
    runtime = open_sync(settings, bus)
    runtime.worker.start()
    return runtime


def open_sync(settings: Any, bus: Any = None) -> SyncRuntime:
    """Open the outbox, rating queue, client and a worker that is not started (``kiosk sync run`` drives
    it in the foreground)."""
    p = settings.platform
    outbox = Outbox.open(settings.kiosk.data_dir, local_ref_prefix=p.local_ref_prefix)
    policy = RetryPolicy(p.retry_base_s, p.retry_max_s)
    ratings = RatingQueue(
        outbox.directory / "ratings.sqlite3",
        Vault.open(Path(settings.kiosk.data_dir) / "keys" / "outbox.key"),
        policy=policy,
    )
    client = PlatformClient.from_settings(settings)
    worker = SyncWorker(outbox, client, bus, policy=policy, poll_interval_s=p.poll_interval_s, ratings=ratings)
    return SyncRuntime(outbox, client, worker, ratings)

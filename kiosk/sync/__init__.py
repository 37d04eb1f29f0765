"""Store-and-forward delivery to the service platform: signed client, encrypted outbox, worker.

Typical wiring (the composition root does this once)::

    outbox = Outbox.open(settings.kiosk.data_dir, local_ref_prefix=settings.platform.local_ref_prefix)
    client = PlatformClient.from_settings(settings)
    worker = SyncWorker(outbox, client, bus, policy=RetryPolicy(settings.platform.retry_base_s,
                        settings.platform.retry_max_s), poll_interval_s=settings.platform.poll_interval_s)
    worker.start()
    queued = worker.enqueue(application)   # durable on return; queued.local_ref for the receipt
"""

from __future__ import annotations

from kiosk.sync.application import Application, MaterialInput
from kiosk.sync.backoff import RetryPolicy
from kiosk.sync.client import PlatformClient
from kiosk.sync.events import (
    ApplicationFailed,
    ApplicationQueued,
    ApplicationRetrying,
    ApplicationSent,
    OutboxDepth,
    PlatformAlert,
    SyncEvent,
)
from kiosk.sync.outbox import Outbox, OutboxEntry, QueuedApplication
from kiosk.sync.responses import CatalogFetch
from kiosk.sync.worker import SyncWorker

__all__ = [
    "Application", "ApplicationFailed", "ApplicationQueued", "ApplicationRetrying", "ApplicationSent",
    "CatalogFetch", "MaterialInput", "Outbox", "OutboxDepth", "OutboxEntry", "PlatformAlert", "PlatformClient",
    "QueuedApplication", "RetryPolicy", "SyncEvent", "SyncWorker",
]

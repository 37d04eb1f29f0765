"""Store-and-forward delivery to the service platform: signed client, encrypted outbox, worker.

Typical wiring (the composition root does this once)::

    runtime = start_sync(settings, bus)            # outbox + client + worker thread
    queued = runtime.worker.enqueue(application)   # durable on return; queued.local_ref for the receipt
    ...                                            # ApplicationSent(local_ref, case_no) arrives on the bus
    runtime.stop()
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
from kiosk.sync.runtime import SyncRuntime, start_sync
from kiosk.sync.worker import SyncWorker

__all__ = [
    "Application",
    "ApplicationFailed",
    "ApplicationQueued",
    "ApplicationRetrying",
    "ApplicationSent",
    "CatalogFetch",
    "MaterialInput",
    "Outbox",
    "OutboxDepth",
    "OutboxEntry",
    "PlatformAlert",
    "PlatformClient",
    "QueuedApplication",
    "RetryPolicy",
    "SyncEvent",
    "SyncRuntime",
    "SyncWorker",
    "start_sync",
]

"""Simulated printer placeholder: records jobs in memory until the printer issue adds the TCP simulator."""

from __future__ import annotations

from devices.base import DeviceState, ReceiptPrinter


class SimulatedPrinter(ReceiptPrinter):
    """Keeps every job's bytes in ``jobs``; a job id is printed once."""

    def __init__(self, name: str | None = None, **_options: object) -> None:
        super().__init__(name)
        self.jobs: dict[str, bytes] = {}

    def start(self) -> None:
        """Ready at once."""
        self.set_status(DeviceState.READY)

    def print_job(self, job_id: str, data: bytes) -> bool:
        """Record ``data`` under ``job_id``; False (and nothing printed) when the id was printed before."""
        if job_id in self.jobs:
            return False
        self.jobs[job_id] = data
        return True

"""``[health]``: the heartbeat that tells the platform how this kiosk is doing."""

from __future__ import annotations

from pydantic import Field

from kiosk.settings.section import Section


class HealthSection(Section):
    """How often the kiosk reports its health and how many reports it keeps while offline."""

    enabled: bool = Field(True, description="Send a heartbeat to the platform (POST /api/v1/kiosks/{id}/heartbeat).")
    interval_s: float = Field(60.0, ge=1, le=3600, description="Seconds between heartbeats.")
    queue_max: int = Field(
        120, ge=1, le=10_000, description="Reports kept while the platform is unreachable (oldest dropped first)."
    )

"""``[catalog]``: where the service catalog comes from."""

from __future__ import annotations

from pydantic import Field

from kiosk.settings.section import Section


class CatalogSection(Section):
    """Catalog source and refresh."""

    refresh_s: int = Field(3600, ge=60, le=86400, description="Seconds between catalog refreshes from the platform.")

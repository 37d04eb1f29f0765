"""``[catalog]``: where the service catalog comes from and how it is refreshed and searched."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from kiosk.settings.section import Section


class CatalogSection(Section):
    """Catalog source and refresh."""

    refresh_s: int = Field(3600, ge=60, le=86400, description="Seconds between catalog refreshes from the platform.")
    sync: bool = Field(True, description="Fetch the catalog from the platform (ETag); false = use the files only.")
    source_dir: Path | None = Field(
        None,
        description="Directory with catalog.toml, materials.toml, fields.toml, "
        "items/ and bundles.toml used until the platform answers; empty = the bundled "
        "sample (config/catalog). Relative to the config file.",
    )
    search_limit: int = Field(20, ge=1, le=200, description="Search results shown per keystroke.")

    @field_validator("source_dir")
    @classmethod
    def _existing_catalog_dir(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None or str(value) == "":
            return None
        base = (info.context or {}).get("base_dir")
        if base is not None and not value.is_absolute():
            value = Path(base) / value
        if not (value / "catalog.toml").is_file():
            raise ValueError(f"{value} holds no catalog.toml")
        return value

"""``[platform]``: the online government service platform (DESIGN.md §4)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from kiosk.settings.section import Section


class PlatformSection(Section):
    """Where the platform is and how the kiosk proves who it is."""

    base_url: str = Field("http://127.0.0.1:8780", description="Platform base URL (https in production).")
    secret: str = Field("dev-secret-change-me", min_length=8,
                        description="HMAC secret of this kiosk. Override with KIOSK__PLATFORM__SECRET.")
    ca_bundle: Path | None = Field(None, description="CA bundle file for a provincial private CA; empty = system CAs.")
    embedded: bool = Field(True, description="Start the reference platform in-process on base_url's port "
                           "(demo and rehearsal only).")
    connect_timeout_s: float = Field(5.0, gt=0, le=60, description="Connect timeout in seconds.")
    read_timeout_s: float = Field(20.0, gt=0, le=300, description="Read timeout in seconds.")

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("ca_bundle")
    @classmethod
    def _readable_ca(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is not None:
            base = (info.context or {}).get("base_dir")
            if base is not None and not value.is_absolute():
                value = Path(base) / value
            try:
                with open(value, "rb") as fh:
                    fh.read(1)
            except OSError as exc:
                raise ValueError(f"CA bundle {value} cannot be read ({exc.strerror or exc})") from exc
        return value

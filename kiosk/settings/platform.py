"""``[platform]``: the online government service platform (DESIGN.md §4)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from kiosk.settings.section import Section


class PlatformSection(Section):
    """Where the platform is and how the kiosk proves who it is."""

    base_url: str = Field("http://127.0.0.1:8780", description="Platform base URL (https in production).")
    secret: str = Field(
        "dev-secret-change-me",
        min_length=8,
        description="HMAC secret of this kiosk. Override with KIOSK__PLATFORM__SECRET.",
    )
    kiosks: dict[str, str] = Field(
        default_factory=dict,
        description="Reference platform only (embedded or `kiosk platform serve`): kiosk id = secret of every "
        "kiosk it accepts; empty = this kiosk alone (kiosk.id with platform.secret).",
    )
    ca_bundle: Path | None = Field(None, description="CA bundle file for a provincial private CA; empty = system CAs.")
    embedded: bool = Field(
        True, description="Start the reference platform in-process on base_url's port (demo and rehearsal only)."
    )
    connect_timeout_s: float = Field(5.0, gt=0, le=60, description="Connect timeout in seconds.")
    read_timeout_s: float = Field(20.0, gt=0, le=300, description="Read timeout in seconds.")
    max_response_kib: int = Field(
        8192, ge=16, le=262144, description="Largest platform answer accepted (KiB); larger is an error."
    )
    upload_chunk_kib: int = Field(
        4096, ge=64, le=65536, description="Material upload chunk size (KiB); resumes restart at a chunk."
    )
    retry_base_s: float = Field(
        2.0, gt=0, le=600, description="Outbox: first retry delay in seconds (doubles per attempt, with jitter)."
    )
    retry_max_s: float = Field(300.0, gt=0, le=86400, description="Outbox: longest retry delay in seconds.")
    poll_interval_s: float = Field(
        1.0, gt=0, le=60, description="Outbox worker: how often it looks for due items when idle."
    )
    local_ref_prefix: str = Field(
        "TZ",
        pattern=r"^[A-Z0-9]{1,8}$",
        description="Prefix of offline local references (TZ-20261124-0001); give "
        "each kiosk of a hall its own (TZ01, TZ02) so references never collide.",
    )
    embedded_db: Path | None = Field(
        None, description="Embedded reference platform's SQLite file; empty = <data_dir>/platform/platform.sqlite3."
    )
    faults: str = Field(
        "",
        description="Embedded reference platform fault injection, e.g. "
        "'500=0.1,503=0.05,429=0.05,drop_after=0.05,latency=0.2' (rehearsal only).",
    )

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

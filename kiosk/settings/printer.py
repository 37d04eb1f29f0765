"""``[devices.printer]``: the receipt printer, its profile and how to reach it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, computed_field, field_validator, model_validator

from kiosk.settings.section import Section

PROFILES_DIR = Path(__file__).resolve().parents[2] / "config" / "printers"


def available_profiles() -> list[str]:
    """Names of the printer profiles shipped in ``config/printers/``."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def _is_path(value: str) -> bool:
    return value.endswith(".toml") or "/" in value


class PrinterSection(Section):
    """Receipt printer backend, profile and connection."""

    backend: Literal["simulated", "network", "serial", "usb", "cups", "file"] = Field(
        "simulated", description="simulated (loopback simulator), network (TCP 9100), serial, usb, cups or file."
    )
    profile: str = Field(
        "generic-80mm",
        min_length=1,
        description="Printer profile: a name under "
        "config/printers/ (generic-80mm, generic-58mm, ...) or a path to a .toml file.",
    )
    host: str = Field("127.0.0.1", description="Host of a network printer.")
    port: int = Field(9100, ge=1, le=65535, description="TCP port of a network printer.")
    serial_port: str = Field("/dev/ttyUSB0", min_length=1, description="Serial port of a serial printer.")
    baudrate: Literal[9600, 19200, 38400, 57600, 115200] = Field(9600, description="Serial baud rate.")
    usb_vendor_id: int = Field(
        0, ge=0, le=0xFFFF, description="USB vendor id (e.g. 0x0416; see `kiosk devices scan`); required for usb."
    )
    usb_product_id: int = Field(0, ge=0, le=0xFFFF, description="USB product id; required for usb.")
    cups_queue: str = Field("", description="CUPS queue of a raw printer queue; empty = the default queue.")
    file_path: str = Field("/dev/usb/lp0", min_length=1, description="Device file (or plain file) of a file printer.")
    timeout_s: float = Field(5.0, gt=0, le=60, description="Seconds to wait for the printer to connect or answer.")
    job_ledger: Path | None = Field(
        None,
        description="File remembering printed job ids across restarts (no "
        "personal data), so a retry never prints twice; empty = memory only.",
    )
    simulated_state: Literal["ok", "near_end", "out", "offline", "disconnect", "paper_runs_out", "no_status"] = Field(
        "ok", description="Simulated backend: state or fault to simulate."
    )

    @field_validator("profile", "job_ledger")
    @classmethod
    def _relative_to_config(cls, value: str | Path | None, info: ValidationInfo) -> str | Path | None:
        base = (info.context or {}).get("base_dir")
        if value is None or base is None:
            return value
        if isinstance(value, Path):
            return value if value.is_absolute() else (Path(base) / value).resolve()
        if _is_path(value) and not Path(value).is_absolute():
            return str((Path(base) / value).resolve())
        return value

    @field_validator("profile")
    @classmethod
    def _profile_exists(cls, value: str) -> str:
        path = Path(value) if _is_path(value) else PROFILES_DIR / f"{value}.toml"
        if not path.is_file():
            raise ValueError(
                f"printer profile {value!r} not found; shipped profiles: "
                f"{', '.join(available_profiles())} (or give a path to a .toml file)"
            )
        return value

    @model_validator(mode="after")
    def _usb_ids(self) -> PrinterSection:
        if self.backend == "usb" and not (self.usb_vendor_id and self.usb_product_id):
            raise ValueError("backend 'usb' needs usb_vendor_id and usb_product_id (see `kiosk devices scan`)")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def profile_path(self) -> str:
        """The profile file the driver loads (``devices`` never looks for config/ by itself)."""
        return self.profile if _is_path(self.profile) else str(PROFILES_DIR / f"{self.profile}.toml")

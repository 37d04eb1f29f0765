"""Printer profiles: what one printer model can do (paper, encoding, Chinese mode, QR, cut, status).

A profile is a small TOML file (the kiosk ships them in ``config/printers/``). ``devices`` never looks
for that directory itself: the kiosk passes the path (or already-parsed data) in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.errors import ConfigurationError

ENCODINGS = ("gb18030", "gbk", "utf-8")
CUT_MODES = ("full", "partial", "none")


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """Capabilities of one printer model, used by the layout, the encoder and the driver."""

    name: str
    model: str = "generic"
    paper_mm: int = 80
    dots: int = 576
    columns: int = 48
    dpi: int = 203
    encoding: str = "gb18030"
    chinese_mode: bytes = b"\x1c&"
    native_qr: bool = True
    qr_module: int = 6
    cut: str = "partial"
    status: bool = True
    hardware_barcode: bool = True

    def __post_init__(self) -> None:
        problems = []
        for key in ("native_qr", "status", "hardware_barcode"):
            if not isinstance(getattr(self, key), bool):
                problems.append(f"{key} must be true or false, got {getattr(self, key)!r}")
        for key in ("paper_mm", "dots", "columns", "dpi", "qr_module"):
            value = getattr(self, key)
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{key} must be a whole number, got {value!r}")
        if problems:
            raise ConfigurationError(f"printer profile {self.name!r}: " + "; ".join(problems), device="printer")
        if self.paper_mm not in (58, 80):
            problems.append(f"paper_mm must be 58 or 80, got {self.paper_mm}")
        if not 200 <= self.dots <= 832:
            problems.append(f"dots must be 200..832, got {self.dots}")
        if not 16 <= self.columns <= 64:
            problems.append(f"columns must be 16..64, got {self.columns}")
        if self.encoding not in ENCODINGS:
            problems.append(f"encoding must be one of {', '.join(ENCODINGS)}, got {self.encoding!r}")
        if self.cut not in CUT_MODES:
            problems.append(f"cut must be one of {', '.join(CUT_MODES)}, got {self.cut!r}")
        if not 1 <= self.qr_module <= 16:
            problems.append(f"qr_module must be 1..16, got {self.qr_module}")
        if problems:
            raise ConfigurationError(f"printer profile {self.name!r}: " + "; ".join(problems), device="printer")

    @property
    def cjk_columns(self) -> int:
        """How many full-width (Chinese) characters fit on one line in normal size."""
        return self.columns // 2


def _hex_bytes(value: Any, name: str) -> bytes:
    if value in (None, ""):
        return b""
    try:
        return bytes.fromhex(str(value))
    except ValueError:
        raise ConfigurationError(
            f"printer profile {name!r}: chinese_mode must be hex bytes such as '1c 26', got {value!r}", device="printer"
        ) from None


def profile_from_dict(data: dict[str, Any], name: str = "") -> PrinterProfile:
    """Build a profile from parsed TOML data; unknown keys and bad values are a ConfigurationError."""
    data = dict(data)
    name = str(data.pop("name", name) or "unnamed")
    known = set(PrinterProfile.__dataclass_fields__) - {"name"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigurationError(
            f"printer profile {name!r}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(known))}",
            device="printer",
        )
    if "chinese_mode" in data:
        data["chinese_mode"] = _hex_bytes(data["chinese_mode"], name)
    if "encoding" in data:
        data["encoding"] = str(data["encoding"]).lower().replace("_", "-")
    try:
        return PrinterProfile(name=name, **data)
    except TypeError as exc:
        raise ConfigurationError(f"printer profile {name!r}: {exc}", device="printer") from exc


def load_profile(path: str | Path) -> PrinterProfile:
    """Read a profile TOML file; the file's stem is the profile name unless it sets ``name``."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(
            f"printer profile {file} cannot be read: {exc.strerror or exc}", device="printer"
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"printer profile {file} is not valid TOML: {exc}", device="printer") from exc
    return profile_from_dict(data, file.stem)


def as_profile(value: PrinterProfile | dict[str, Any] | str | Path | None) -> PrinterProfile:
    """Accept a profile, its data, or a path to its file (``None``: the generic 80 mm profile)."""
    if value is None:
        return PrinterProfile(name="generic-80mm")
    if isinstance(value, PrinterProfile):
        return value
    if isinstance(value, dict):
        return profile_from_dict(value)
    return load_profile(value)

"""Structured, masked logging: one JSON object per line, personal data masked before it is written."""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from datetime import UTC, datetime
from pathlib import Path

from kiosk.privacy import REDACTOR, Redactor

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class MaskingFilter(logging.Filter):
    """Render the message, mask it and its extra fields, and freeze the result on the record."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` in place; always lets it through."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redactor.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.redact(record.exc_text)
        record.exc_info = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redactor.redact(value))
        return True


KNOWN_NOISE = {
    "Cutbuffer: Unable to find any valuable Cutbuffer provider": (
        "Cutbuffer: no X11 cut buffer (xclip/xsel absent); the kiosk does not use one"
    ),
    "Config: Older configuration version detected": (
        "Config: Kivy's settings written afresh (the kiosk starts with a clean Kivy home)"
    ),
    "Config: Upgrading configuration in progress.": "Config: Kivy settings ready",
}
"""Library messages that look alarming but are expected here, by message start: logged at INFO instead,
in a short form, so a technician reading the log sees only real problems as CRITICAL."""


class NoiseFilter(logging.Filter):
    """Turn the :data:`KNOWN_NOISE` messages into short INFO lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite a known-noise record in place; always lets it through."""
        if record.levelno > logging.INFO and isinstance(record.msg, str):
            for start, short in KNOWN_NOISE.items():
                if record.msg.startswith(start):
                    record.msg, record.args = short, None
                    record.levelno, record.levelname = logging.INFO, "INFO"
                    record.exc_info = record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """``{"ts": …, "level": …, "logger": …, "msg": …, …extra}`` on one line, UTF-8, no ASCII escapes."""

    def format(self, record: logging.LogRecord) -> str:
        """One JSON line for ``record``."""
        line: dict[str, str | int | float | bool | None] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def configure_logging(
    level: str = "INFO", log_dir: Path | None = None, *, max_bytes: int = 5_000_000, backups: int = 5
) -> None:
    """Send masked JSON lines to stderr and, when ``log_dir`` is given, to a size-capped rotating file."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        fmt = getattr(handler.formatter, "_fmt", None)
        # ours from an earlier call, and the unmasked one a library's logging.basicConfig() left behind
        if getattr(handler, "_kiosk", False) or (
            type(handler) is logging.StreamHandler and fmt == logging.BASIC_FORMAT
        ):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        log_dir.chmod(0o700)
        log_file = log_dir / "kiosk.log"
        log_file.touch(mode=0o600, exist_ok=True)
        log_file.chmod(0o600)  # masked, but still the kiosk user's only (rotated files follow the umask)
        handlers.append(
            logging.handlers.RotatingFileHandler(log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        )
    for handler in handlers:
        handler._kiosk = True  # type: ignore[attr-defined]
        handler.addFilter(NoiseFilter())
        handler.addFilter(MaskingFilter())
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)

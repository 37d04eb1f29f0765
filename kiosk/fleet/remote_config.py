"""What a hall manager may change remotely (a documented allow-list), validated like the config file."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kiosk.settings import KioskSettings

ALLOWED = {
    "ui.idle_timeout_s": "seconds without a touch before the idle warning",
    "ui.idle_warning_s": "seconds of the idle countdown",
    "devices.speech.volume": "spoken prompts' volume in percent",
    "catalog.refresh_s": "seconds between catalog refreshes",
    "health.interval_s": "seconds between heartbeats to the platform",
    "logging.level": "DEBUG, INFO, WARNING or ERROR",
    "fleet.interval_s": "seconds between fleet health reports",
}
"""Key → meaning. Anything else (secrets, URLs, devices' ports, data paths) changes only on the machine."""


class RemoteConfigError(ValueError):
    """A desired config that cannot be applied; the message names every problem."""


def validated(settings: KioskSettings, desired: dict[str, Any]) -> dict[str, Any]:
    """``desired`` (dotted key → value) checked against the allow-list and the settings' own rules; returns
    the values as the settings model parsed them. Nothing is changed."""
    if not isinstance(desired, dict):
        raise RemoteConfigError("desired config must be an object of key: value")
    unknown = sorted(k for k in desired if k not in ALLOWED)
    if unknown:
        raise RemoteConfigError(f"not changeable remotely: {', '.join(unknown)} (allowed: {', '.join(ALLOWED)})")
    out: dict[str, Any] = {}
    problems = []
    for key, value in desired.items():
        *path, last = key.split(".")
        section: Any = settings
        for part in path:
            section = getattr(section, part)
        trial = section.model_copy()
        try:  # the field's own rules (type, range, choices), on a copy: nothing live changes here
            type(section).__pydantic_validator__.validate_assignment(trial, last, value)
        except ValidationError as exc:
            problems.append(f"{key}: {exc.errors()[0]['msg']}")
            continue
        out[key] = getattr(trial, last)
    if problems:
        raise RemoteConfigError("; ".join(problems))
    return out


def apply(settings: KioskSettings, values: dict[str, Any]) -> None:
    """Set already validated values on the live settings (the parts read them at their next use)."""
    for key, value in values.items():
        *path, last = key.split(".")
        node: Any = settings
        for part in path:
            node = getattr(node, part)
        setattr(node, last, value)

"""Typed kiosk configuration: one TOML file, validated at start-up, with messages a technician understands.

``load_settings(path)`` reads the file given by ``--config``, ``KIOSK_CONFIG`` or the embedded default
``config/kiosk.toml``; environment variables ``KIOSK__SECTION__KEY`` (``KIOSK__DEVICES__PRINTER__HOST``)
override single keys, meant for secrets such as ``KIOSK__PLATFORM__SECRET`` and ``KIOSK__ADMIN__PIN``.
"""

from __future__ import annotations

from kiosk.settings.loader import (
    DEFAULT_CONFIG,
    ConfigProblem,
    KioskSettings,
    config_path,
    describe_keys,
    load_settings,
)

__all__ = ["DEFAULT_CONFIG", "ConfigProblem", "KioskSettings", "config_path", "describe_keys", "load_settings"]

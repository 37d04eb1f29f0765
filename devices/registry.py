"""Build device backends by name from plain options (the kiosk passes its validated config section).

The table is explicit: a backend exists when it is listed here, and its module is imported only when
it is built, so a kiosk without a camera never imports OpenCV. Each issue adding a real driver adds
its line; every kind has a ``simulated`` backend so the default configuration runs with no hardware.
"""

from __future__ import annotations

import importlib
from typing import Any

from devices.base import Device
from devices.errors import ConfigurationError

BACKENDS: dict[str, dict[str, str]] = {
    "idcard": {
        "simulated": "devices.idcard.simulated:SimulatedIdCardReader",
        "samv": "devices.idcard.samv:SamvIdCardReader",
        "pcsc": "devices.idcard.pcsc:PcscIdCardReader",
    },
    "camera": {
        "simulated": "devices.camera.simulated:SimulatedCamera",
        "opencv": "devices.camera.opencv_camera:OpenCvCamera",
    },
    "printer": {
        "simulated": "devices.printer.simulated:SimulatedPrinter",
        "network": "devices.printer.backends.network:NetworkPrinter",
        "serial": "devices.printer.backends.serial:SerialPrinter",
        "usb": "devices.printer.backends.usb:UsbPrinter",
        "cups": "devices.printer.backends.cups:CupsPrinter",
        "file": "devices.printer.backends.file:FilePrinter",
    },
    "speech": {
        "silent": "devices.speech.silent:SilentSpeaker",
        "espeak": "devices.speech.espeak:EspeakSpeaker",
        "simulated": "devices.speech.silent:SilentSpeaker",
    },
}


def backend_names(kind: str) -> list[str]:
    """The backend names known for ``kind`` (for config validation and messages)."""
    return sorted(BACKENDS.get(kind, {}))


def create(kind: str, backend: str, name: str | None = None, **options: Any) -> Device:
    """Build the ``backend`` driver of ``kind`` with ``options``; typed error when unknown."""
    if kind not in BACKENDS:
        raise ConfigurationError(f"unknown device kind {kind!r}; known: {', '.join(sorted(BACKENDS))}")
    target = BACKENDS[kind].get(backend)
    if target is None:
        raise ConfigurationError(
            f"unknown {kind} backend {backend!r}; allowed: {', '.join(backend_names(kind))}", device=kind
        )
    module_name, _, class_name = target.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except ImportError as exc:
        raise ConfigurationError(f"{kind} backend {backend!r} cannot load: {exc}", device=kind) from exc
    try:
        return cls(name=name or kind, **options)
    except TypeError as exc:
        raise ConfigurationError(f"{kind} backend {backend!r}: bad options ({exc})", device=kind) from exc

"""The small error hierarchy every driver converts foreign exceptions into, at its boundary."""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every error a device driver raises; ``device`` names the device kind or instance."""

    def __init__(self, message: str, *, device: str = "") -> None:
        super().__init__(message)
        self.device = device
        self.message = message

    def __str__(self) -> str:
        return f"{self.device}: {self.message}" if self.device else self.message


class DeviceUnavailable(DeviceError):
    """The device is not connected, was unplugged, or its port cannot be opened."""


class DeviceTimeout(DeviceError):
    """The device did not answer within the allowed time."""


class DeviceBusy(DeviceError):
    """Another process or operation holds the device (for example USB 'resource busy')."""


class ProtocolError(DeviceError):
    """The device answered with bytes that break its protocol (framing, checksum, length)."""


class UnsupportedMedia(DeviceError):
    """The card, paper or document presented is not one this driver can handle."""


class ConfigurationError(DeviceError):
    """A backend was asked for with options it cannot work with (unknown name, missing port)."""

"""The kiosk's typed errors. Each carries a message a technician or citizen can act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class KioskError(Exception):
    """Base of every error the kiosk core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(KioskError):
    """The configuration is unreadable or invalid; ``problems`` lists each key and what is wrong."""

    def __init__(self, message: str, problems: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class SessionError(KioskError):
    """A journey step was asked for that the session flow does not allow from where it is."""


class AdminLocked(KioskError):
    """Admin PIN entry is locked after too many failures; ``seconds_left`` until it opens again."""

    def __init__(self, message: str, seconds_left: float) -> None:
        super().__init__(message)
        self.seconds_left = seconds_left


class PlatformError(KioskError):
    """The platform answered with an error or an answer we cannot use (see ``kiosk.sync``)."""

    def __init__(self, message: str, *, code: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class StorageError(KioskError):
    """The outbox or another store could not read or write durably."""


class LocaleError(KioskError):
    """A locale file is missing, unreadable, or lacks a key."""

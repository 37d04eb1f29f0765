"""Typed platform errors: every HTTP status, transport failure or malformed answer maps to one class.

``transient`` says whether retrying later can help (the outbox keeps retrying those) or a technician is
needed (the outbox marks the item ``failed``).
"""

from __future__ import annotations

from kiosk.errors import PlatformError


class PlatformCallError(PlatformError):
    """Base of the client's errors; ``code`` and ``message`` are the platform's when it sent them."""

    transient = True

    def __init__(
        self, message: str, *, code: str = "", status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after

    def __str__(self) -> str:
        where = f"HTTP {self.status}" if self.status is not None else "no answer"
        code = f" [{self.code}]" if self.code else ""
        return f"{where}{code}: {self.message}"

    @property
    def label(self) -> str:
        """A short name of what happened, for the outbox's history and the technician."""
        return "error answer"


class PlatformUnreachable(PlatformCallError):
    """No answer: connection refused or reset, timeout, TLS failure, dropped connection."""

    @property
    def label(self) -> str:
        """See :attr:`PlatformCallError.label`."""
        return "no answer"


class MalformedResponse(PlatformCallError):
    """The platform answered something we cannot use: bad JSON, missing fields, wrong types, too large."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "malformed_answer",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status, retry_after=retry_after)

    def __str__(self) -> str:
        where = f"HTTP {self.status} " if self.status is not None else ""
        return f"{where}malformed answer: {self.message}"

    @property
    def label(self) -> str:
        """See :attr:`PlatformCallError.label`."""
        return "malformed answer"


class PlatformRejected(PlatformCallError):
    """400: the request itself is wrong; retrying the same request cannot help."""

    transient = False


class PlatformAuthError(PlatformCallError):
    """401: signature, clock or credentials refused (check the secret and the clock); retried later."""


class PlatformNotFound(PlatformCallError):
    """404: no such case, upload or resource."""

    transient = False


class PlatformConflict(PlatformCallError):
    """409: idempotency key reused with another body, or an upload offset that does not match."""

    transient = False
    upload_offset: int | None = None
    """An upload's ``Upload-Offset`` from the 409 answer: where the platform wants the bytes to go on."""


class PlatformTooLarge(PlatformCallError):
    """413: the body or upload is larger than the platform accepts."""

    transient = False


class PlatformBusy(PlatformCallError):
    """429 or 503: try again after ``retry_after`` seconds."""


class PlatformServerError(PlatformCallError):
    """Another 5xx: the platform failed; retried with backoff."""


def error_for_status(status: int, code: str, message: str, retry_after: float | None) -> PlatformCallError:
    """The typed error for an HTTP error status."""
    kinds: dict[int, type[PlatformCallError]] = {
        400: PlatformRejected,
        401: PlatformAuthError,
        403: PlatformAuthError,
        404: PlatformNotFound,
        409: PlatformConflict,
        413: PlatformTooLarge,
        429: PlatformBusy,
        503: PlatformBusy,
    }
    kind = kinds.get(status)
    if kind is None:
        kind = PlatformServerError if status >= 500 else PlatformRejected
    return kind(message or f"HTTP {status}", code=code, status=status, retry_after=retry_after)

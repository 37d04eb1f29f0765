"""Request signing of the platform API v1 (DESIGN.md §4), shared by the client and the reference server.

``X-Signature`` = hex HMAC-SHA256 over ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nSHA256(body)`` with the
kiosk's secret; ``?QUERY`` is left out when the query is empty; the body hash is lowercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

HEADER_KIOSK = "X-Kiosk-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
MAX_SKEW_S = 300


def body_digest(body: bytes) -> str:
    """Lowercase hex sha256 of the request body (of ``b""`` when there is none)."""
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path_query: str, timestamp: str, nonce: str, digest: str) -> str:
    """The exact text that is signed."""
    return "\n".join((method.upper(), path_query, timestamp, nonce, digest))


def signature(secret: str, method: str, path_query: str, timestamp: str, nonce: str, digest: str) -> str:
    """Hex HMAC-SHA256 of :func:`string_to_sign` with ``secret``."""
    text = string_to_sign(method, path_query, timestamp, nonce, digest)
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def path_with_query(path: str, query: str) -> str:
    """``PATH?QUERY``, or just ``PATH`` when the query is empty."""
    return f"{path}?{query}" if query else path


@dataclass(frozen=True, slots=True)
class SignedHeaders:
    """The four headers that authenticate one request."""

    kiosk_id: str
    timestamp: str
    nonce: str
    signature: str

    def as_dict(self) -> dict[str, str]:
        """The headers as a dict for ``requests``."""
        return {
            HEADER_KIOSK: self.kiosk_id,
            HEADER_TIMESTAMP: self.timestamp,
            HEADER_NONCE: self.nonce,
            HEADER_SIGNATURE: self.signature,
        }


def sign_request(
    kiosk_id: str, secret: str, method: str, path_query: str, body: bytes, now: float, nonce: str | None = None
) -> SignedHeaders:
    """Sign one request made at unix time ``now`` with a fresh random nonce."""
    timestamp = str(int(now))
    nonce = nonce or secrets.token_hex(16)
    sig = signature(secret, method, path_query, timestamp, nonce, body_digest(body))
    return SignedHeaders(kiosk_id, timestamp, nonce, sig)


def verify(secret: str, method: str, path_query: str, timestamp: str, nonce: str, digest: str, given: str) -> bool:
    """True when ``given`` is the right signature (constant-time comparison)."""
    expected = signature(secret, method, path_query, timestamp, nonce, digest)
    return hmac.compare_digest(expected, given.strip().lower())

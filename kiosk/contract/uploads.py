"""Uploads (DESIGN.md §4.1): tus 1.0 core header names, the id pattern and the checksum error codes."""

from __future__ import annotations

import re

UPLOAD_OFFSET = "Upload-Offset"
"""Bytes the server holds (HEAD answer, and a 409 answer to a PUT that did not start there)."""
UPLOAD_LENGTH = "Upload-Length"
"""The whole file's size, when the server knows it (HEAD answer)."""
CONTENT_SHA256 = "X-Content-SHA256"
"""Hex sha256 of the whole file, sent with every PUT."""
UPLOAD_ID_PATTERN = r"^[A-Za-z0-9._~-]{1,128}$"
UPLOAD_ID = re.compile(UPLOAD_ID_PATTERN)
CHECKSUM_MISMATCH = "checksum_mismatch"
"""Error code of a complete upload whose sha256 differs: the server discarded it; start again from 0."""
CHECKSUM_STATUSES = (400, 460)
"""Statuses a server may use for ``checksum_mismatch`` (460 is tus' checksum extension)."""
CONTENT_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")

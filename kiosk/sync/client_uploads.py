"""Resumable uploads of materials (DESIGN.md §4.1: tus 1.0 core header names), a part of
:class:`kiosk.sync.client.PlatformClient`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from kiosk.contract.uploads import CHECKSUM_MISMATCH, CONTENT_SHA256, UPLOAD_LENGTH, UPLOAD_OFFSET
from kiosk.sync.errors import (
    MalformedResponse,
    PlatformConflict,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnreachable,
)
from kiosk.sync.responses import UploadState

if TYPE_CHECKING:
    from kiosk.sync.client import Answer

ChunkSource = Callable[[int], Iterable[bytes]]
"""Gives the plaintext of a material from a byte offset on (e.g. ``Vault.read_file(path, aad, start)``)."""


def _chunks(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    buf = bytearray()
    for piece in pieces:
        buf += piece
        while len(buf) >= size:
            yield bytes(buf[:size])
            del buf[:size]
    if buf:
        yield bytes(buf)


class UploadCalls:
    """``HEAD`` and ``PUT`` of ``/api/v1/uploads/{id}``; the client provides ``call`` and ``chunk_bytes``."""

    chunk_bytes: int

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (),
    ) -> Answer:
        """Send one signed request (see :meth:`kiosk.sync.client.PlatformClient.call`)."""
        raise NotImplementedError

    def upload_state(self, upload_id: str, size: int) -> UploadState:
        """``HEAD`` an upload of ``size`` bytes: ``Upload-Offset`` bytes arrived (404: nothing yet)."""
        try:
            answer = self.call("HEAD", f"/api/v1/uploads/{quote(upload_id, safe='')}")
        except PlatformNotFound:
            return UploadState(0, False)
        offset = _offset(answer.headers, "HEAD")
        length = answer.headers.get(UPLOAD_LENGTH, "").strip()
        if length.isascii() and length.isdigit() and int(length) != size:
            return UploadState(0, False)  # another file under this id: send ours from 0 (the platform decides)
        if offset > size:
            raise MalformedResponse(f"{UPLOAD_OFFSET} {offset} is past the file's {size} bytes", status=answer.status)
        return UploadState(offset, offset == size)

    def put_chunk(
        self, upload_id: str, chunk: bytes, start: int, total: int, sha256: str, content_type: str
    ) -> UploadState:
        """``PUT`` bytes ``start .. start+len(chunk)-1`` of a ``total``-byte material; the answer's
        ``Upload-Offset`` when it has one, else (a JSON body is optional) the end of this chunk."""
        end = start + len(chunk) - 1
        headers = {
            "Content-Type": content_type,
            "Content-Range": f"bytes {start}-{end}/{total}",
            CONTENT_SHA256: sha256,
        }
        answer = self.call("PUT", f"/api/v1/uploads/{quote(upload_id, safe='')}", body=chunk, headers=headers)
        offset = _offset(answer.headers, "PUT") if UPLOAD_OFFSET in answer.headers else end + 1
        if offset > total:
            raise MalformedResponse(f"{UPLOAD_OFFSET} {offset} is past the file's {total} bytes", status=answer.status)
        return UploadState(offset, offset == total)

    def upload(
        self,
        upload_id: str,
        size: int,
        sha256: str,
        content_type: str,
        source: ChunkSource,
        max_rounds: int = 10_000,
        probe: bool = True,
    ) -> UploadState:
        """Upload a material resumably (tus 1.0 core names, DESIGN.md §4.1): ask what arrived (``HEAD``), send
        the rest chunk by chunk; a 409 says where to go on (``Upload-Offset``); ``checksum_mismatch`` starts
        the file again from 0.

        ``probe=False`` skips the ``HEAD`` for an upload never tried before; should the platform hold bytes
        anyway, its 409 answer makes the client resume where it says.
        """
        if size <= 0:
            raise ValueError("an upload needs at least one byte")
        state = self.upload_state(upload_id, size) if probe else UploadState(0, False)
        rounds = 0
        checksum_restarts = 0
        while not state.complete:
            offset = state.received
            for chunk in _chunks(source(offset), self.chunk_bytes):
                rounds += 1
                if rounds > max_rounds:
                    raise PlatformUnreachable("upload makes no progress")
                try:
                    state = self.put_chunk(upload_id, chunk, offset, size, sha256, content_type)
                except PlatformConflict as exc:
                    state = self._resume_after_conflict(upload_id, size, exc)
                    break
                except PlatformRejected as exc:
                    if exc.code != CHECKSUM_MISMATCH or checksum_restarts >= 2:
                        raise
                    checksum_restarts += 1  # the platform discarded the file: send it all again
                    state = UploadState(0, False)
                    break
                offset += len(chunk)
                if state.received != offset:
                    break  # the platform holds another amount than we sent: go on from where it says
            else:
                if not state.complete:
                    raise MalformedResponse("every byte was sent but the platform's offset is short of the size")
        return state

    def _resume_after_conflict(self, upload_id: str, size: int, exc: PlatformConflict) -> UploadState:
        """Where to go on after a 409: the answer's ``Upload-Offset``, else what ``HEAD`` says."""
        if exc.upload_offset is not None and 0 <= exc.upload_offset <= size:
            return UploadState(exc.upload_offset, exc.upload_offset == size)
        return self.upload_state(upload_id, size)


def _offset(headers: Mapping[str, str], what: str) -> int:
    value = headers.get(UPLOAD_OFFSET, "").strip()
    if not (value.isascii() and value.isdigit()):
        raise MalformedResponse(f"{what} answer lacks a valid {UPLOAD_OFFSET} header")
    return int(value)

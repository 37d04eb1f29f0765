"""AES-256-GCM vault: the outbox key file (owner-only) and sealed blobs and files (DESIGN.md §5).

Files are written in 1 MiB chunks, each sealed on its own (nonce = file prefix + chunk counter, the
counter and a last-chunk flag in the associated data), so a 20 MB material is never held in memory whole,
a reader can start at any offset (resumable uploads), and a truncated or reordered file is detected.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.errors import StorageError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
CHUNK_BYTES = 1 << 20
FILE_MAGIC = b"KVF1"
_PREFIX_BYTES = 8
_HEADER_BYTES = len(FILE_MAGIC) + _PREFIX_BYTES + 4  # magic, nonce prefix, chunk size
_MAX_CHUNK_BYTES = 64 << 20


class VaultError(StorageError):
    """The key file or a sealed blob/file is missing, unreadable or has been tampered with."""


@dataclass(frozen=True, slots=True)
class SealedFile:
    """What was written by :meth:`Vault.write_file`: the plaintext's size and sha256 (hex)."""

    size: int
    sha256: str


def fsync_file(path: str | os.PathLike[str]) -> None:
    """Flush a file (or a directory's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_fsync_dir = fsync_file


def _rechunk(data: bytes | Iterable[bytes], size: int) -> Iterator[bytes | memoryview]:
    """``data`` as ``size``-byte pieces (the last one shorter; one empty piece for empty data); pieces of a
    bytes-like ``data`` are views into it, not copies."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        if not len(view):
            yield b""
        for start in range(0, len(view), size):
            yield view[start : start + size]
        return
    pending = bytearray()
    emitted = False
    for piece in data:
        pending += piece
        while len(pending) > size:
            yield bytes(pending[:size])
            del pending[:size]
            emitted = True
    if pending or not emitted:
        yield bytes(pending)


def _create_key(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, AESGCM.generate_key(bit_length=256))
        os.fsync(fd)
    finally:
        os.close(fd)
    _fsync_dir(key_file.parent)


class Vault:
    """Seal and open personal data with one AES-256-GCM key kept in an owner-only file."""

    def __init__(self, key: bytes, chunk_bytes: int = CHUNK_BYTES) -> None:
        if len(key) != KEY_BYTES:
            raise VaultError(f"vault key must be {KEY_BYTES} bytes, got {len(key)}")
        if not 1 <= chunk_bytes <= _MAX_CHUNK_BYTES:
            raise ValueError(f"chunk_bytes must be 1..{_MAX_CHUNK_BYTES}")
        self._aead = AESGCM(key)
        self.chunk_bytes = chunk_bytes
        """Plaintext bytes per sealed chunk of new files (files record their own)."""

    @classmethod
    def open(cls, key_file: str | os.PathLike[str]) -> Vault:
        """Load the key file, creating it (mode 0600) on first start; refuse a key others can read."""
        path = Path(key_file)
        if not path.exists():
            try:
                _create_key(path)
            except FileExistsError:
                pass  # another process created it first: use theirs
            except OSError as exc:
                raise VaultError(f"cannot create key file {path}: {exc.strerror or exc}") from exc
        try:
            mode = path.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise VaultError(
                    f"key file {path} is readable by others (mode {stat.filemode(mode)}); run: chmod 600 {path}"
                )
            key = path.read_bytes()
        except OSError as exc:
            raise VaultError(f"cannot read key file {path}: {exc.strerror or exc}") from exc
        return cls(key)

    def seal(self, plaintext: bytes, aad: bytes = b"") -> bytes:
        """Encrypt and authenticate ``plaintext``; returns nonce + ciphertext + tag."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, aad)

    def unseal(self, blob: bytes, aad: bytes = b"") -> bytes:
        """Decrypt what :meth:`seal` produced with the same ``aad``; :class:`VaultError` when tampered."""
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise VaultError("sealed blob is too short")
        try:
            return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
        except InvalidTag:
            raise VaultError("sealed blob failed authentication (wrong key or tampered)") from None

    def _chunk_aad(self, aad: bytes, index: int, last: bool) -> bytes:
        return aad + struct.pack(">I?", index, last)

    def write_file(
        self,
        path: str | os.PathLike[str],
        data: bytes | Iterable[bytes],
        aad: bytes = b"",
        *,
        sync: bool = True,
        atomic: bool = True,
    ) -> SealedFile:
        """Encrypt ``data`` (bytes or an iterable of pieces) into ``path``.

        ``atomic`` writes a temporary file and renames it over ``path``; ``sync`` fsyncs before returning
        (callers writing several files may pass ``sync=False`` and call :func:`fsync_file` on each).
        """
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp") if atomic else target
        digest = hashlib.sha256()
        prefix = os.urandom(_PREFIX_BYTES)
        size = 0
        try:
            with open(tmp, "wb") as out:
                out.write(FILE_MAGIC + prefix + struct.pack(">I", self.chunk_bytes))
                chunks = _rechunk(data, self.chunk_bytes)
                chunk = next(chunks)
                index = 0
                while True:
                    following = next(chunks, None)
                    last = following is None
                    digest.update(chunk)
                    size += len(chunk)
                    sealed = self._aead.encrypt(
                        prefix + struct.pack(">I", index), chunk, self._chunk_aad(aad, index, last)
                    )
                    out.write(struct.pack(">I", len(sealed)))
                    out.write(sealed)
                    if following is None:
                        break
                    chunk, index = following, index + 1
                if sync:
                    out.flush()
                    os.fdatasync(out.fileno())
            if atomic:
                os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise VaultError(f"cannot write {target.name}: {exc.strerror or exc}") from exc
        return SealedFile(size=size, sha256=digest.hexdigest())

    def read_file(self, path: str | os.PathLike[str], aad: bytes = b"", start: int = 0) -> Iterator[bytes]:
        """Yield the plaintext of a sealed file from byte ``start`` on, chunk by chunk, authenticated."""
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed in finally; generator
        except OSError as exc:
            raise VaultError(f"cannot open sealed file {Path(path).name}: {exc.strerror or exc}") from exc
        try:
            header = fh.read(_HEADER_BYTES)
            if len(header) != _HEADER_BYTES or not header.startswith(FILE_MAGIC):
                raise VaultError(f"{Path(path).name} is not a sealed file")
            prefix = header[len(FILE_MAGIC) : len(FILE_MAGIC) + _PREFIX_BYTES]
            (chunk_bytes,) = struct.unpack(">I", header[-4:])
            if not 1 <= chunk_bytes <= _MAX_CHUNK_BYTES:
                raise VaultError(f"{Path(path).name} is corrupt (chunk size)")
            index = start // chunk_bytes
            skip = start - index * chunk_bytes
            fh.seek(_HEADER_BYTES + index * (4 + chunk_bytes + TAG_BYTES))
            while True:
                head = fh.read(4)
                if len(head) != 4:
                    raise VaultError(f"{Path(path).name} is truncated")
                (length,) = struct.unpack(">I", head)
                if length > chunk_bytes + TAG_BYTES:
                    raise VaultError(f"{Path(path).name} is corrupt")
                sealed = fh.read(length)
                last = fh.peek(1) == b"" if hasattr(fh, "peek") else False
                try:
                    chunk = self._aead.decrypt(
                        prefix + struct.pack(">I", index), sealed, self._chunk_aad(aad, index, last)
                    )
                except InvalidTag:
                    raise VaultError(f"{Path(path).name} failed authentication (tampered or truncated)") from None
                if skip:
                    chunk = chunk[skip:]
                    skip = 0
                if chunk:
                    yield chunk
                if last:
                    return
                index += 1
        finally:
            fh.close()

    def read_all(self, path: str | os.PathLike[str], aad: bytes = b"") -> bytes:
        """The whole plaintext of a sealed file (for small files and re-encoding only)."""
        return b"".join(self.read_file(path, aad))

"""GA 467 frames of the resident ID card SAM module: encoder and an incremental decoder.

A frame is ``AA AA AA 96 69`` · ``LEN`` (2 bytes, big-endian, counts the payload and the checksum) ·
payload · ``CHK`` (XOR of both LEN bytes and every payload byte). The decoder is fed whatever the
serial port returned; it skips garbage before a header, waits for frames split across reads, and
reports a bad length or checksum as a typed error naming what was wrong, then carries on after it.
"""

from __future__ import annotations

from functools import reduce

from devices.errors import ProtocolError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
MIN_LEN = 2
"""Smallest LEN: one payload byte and the checksum."""
MAX_LEN = 0x0A00
"""Largest LEN we accept: the biggest reply (text, photo and fingerprint) is 2,316 bytes."""


class FrameError(ProtocolError):
    """A frame from the SAM module (or the host) breaks the GA 467 framing."""

    def __init__(self, message: str) -> None:
        super().__init__(message, device="idcard")


class ChecksumMismatch(FrameError):
    """The frame's checksum byte does not match its LEN and payload."""


class BadLength(FrameError):
    """The frame's LEN field (or a length inside the payload) is impossible."""


class TruncatedFrame(FrameError):
    """The frame ended before the bytes its header announced."""


def checksum(length_and_payload: bytes) -> int:
    """XOR of every byte given (the two LEN bytes and the payload)."""
    return reduce(lambda a, b: a ^ b, length_and_payload, 0)


def encode_frame(payload: bytes) -> bytes:
    """The complete frame carrying ``payload``; ``BadLength`` when it is empty or too long."""
    length = len(payload) + 1
    if not payload or length > MAX_LEN:
        raise BadLength(f"payload of {len(payload)} bytes cannot be framed (1..{MAX_LEN - 1} allowed)")
    body = length.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([checksum(body)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    """The frame of a host command ``CMD PARA [data]``."""
    return encode_frame(bytes([cmd, para]) + data)


class FrameDecoder:
    """Incremental decoder: :meth:`feed` bytes in any slices, then take frames with :meth:`next_payload`."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.skipped = 0
        """Garbage bytes discarded so far (before a header, or after a broken frame's header)."""

    def feed(self, data: bytes) -> None:
        """Append bytes read from the port."""
        self._buffer.extend(data)

    def reset(self) -> None:
        """Forget any partial frame (used after a timeout, before the next command)."""
        self._buffer.clear()

    @property
    def pending(self) -> int:
        """Bytes held that do not form a complete frame yet."""
        return len(self._buffer)

    def bytes_wanted(self) -> int:
        """How many more bytes would complete the frame being received (at least 1)."""
        start = self._buffer.find(PREAMBLE)
        if start < 0 or len(self._buffer) - start < HEADER_SIZE:
            return max(1, HEADER_SIZE - len(self._buffer))
        length = int.from_bytes(self._buffer[start + 5 : start + 7], "big")
        return max(1, start + HEADER_SIZE + length - len(self._buffer))

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.skipped += count

    def next_payload(self) -> bytes | None:
        """The next complete frame's payload, ``None`` when more bytes are needed.

        Raises :class:`BadLength` or :class:`ChecksumMismatch` for a broken frame; the broken bytes are
        dropped first, so calling again continues with what follows.
        """
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            keep = self._partial_preamble_len()
            self._drop(len(self._buffer) - keep)
            return None
        if start:
            self._drop(start)
        if len(self._buffer) < HEADER_SIZE:
            return None
        length = int.from_bytes(self._buffer[5:7], "big")
        if length < MIN_LEN or length > MAX_LEN:
            self._drop(1)
            raise BadLength(f"frame LEN {length} outside {MIN_LEN}..{MAX_LEN}")
        end = HEADER_SIZE + length
        if len(self._buffer) < end:
            return None
        body = bytes(self._buffer[5 : end - 1])
        received = self._buffer[end - 1]
        del self._buffer[:end]
        expected = checksum(body)
        if received != expected:
            raise ChecksumMismatch(f"frame checksum {received:02X}, expected {expected:02X}")
        return body[2:]

    def _partial_preamble_len(self) -> int:
        """Length of a trailing prefix of the preamble (a header split across reads)."""
        for size in range(min(len(PREAMBLE) - 1, len(self._buffer)), 0, -1):
            if self._buffer.endswith(PREAMBLE[:size]):
                return size
        return 0


def decode_frames(data: bytes) -> list[bytes]:
    """Every payload in ``data`` (a convenience for tests and tools); raises on the first broken frame."""
    decoder = FrameDecoder()
    decoder.feed(data)
    payloads = []
    while (payload := decoder.next_payload()) is not None:
        payloads.append(payload)
    if decoder.pending:
        raise TruncatedFrame(f"{decoder.pending} bytes left over that do not make a complete frame")
    return payloads

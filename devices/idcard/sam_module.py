"""A simulated SAM module and its card field: the protocol logic of the simulator, without any I/O.

It answers host frames as a real module would (find → select → read; a card already read answers
"find failed" until it is lifted and placed again) and can inject the faults technicians meet in the
field. :mod:`devices.idcard.sam_simulator` serves it on a pty so the real driver runs against it.
"""

from __future__ import annotations

import threading
from enum import StrEnum

from devices.idcard.sam_frame import FrameError, encode_frame
from devices.idcard.sam_protocol import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    READ_TEXT_PHOTO_FINGERPRINT,
    SAM_ID,
    SAM_STATUS,
    SELECT_CARD,
    CardData,
    Reply,
    Sw3,
    encode_card_data,
)
from devices.idcard.text_block import encode_text_block
from devices.identity import Identity

DEFAULT_SAM_ID = (
    bytes([5, 0, 1, 0])
    + (20170301).to_bytes(4, "little")
    + (12345).to_bytes(4, "little")
    + (67890).to_bytes(4, "little")
)


class SamFault(StrEnum):
    """Faults the simulator can inject (each for a number of commands, or until cleared)."""

    NO_CARD = "no_card"
    """Find answers 'find card failed' even with a card in the field."""
    CHECKSUM_ERROR = "checksum_error"
    """The read reply's checksum byte is wrong."""
    TRUNCATED_FRAME = "truncated_frame"
    """Only the first half of the read reply is sent."""
    SLOW_BYTES = "slow_bytes"
    """Replies trickle out in small chunks with a pause between them."""
    READ_FAILURE = "read_failure"
    """The read command answers 41 (read failed)."""
    SAM_FAILURE = "sam_failure"
    """Every command answers 60 (SAM self-test failed)."""
    SWAP_MID_READ = "swap_mid_read"
    """The card is swapped for another during the read, which then fails."""
    STICKY_CARD = "sticky_card"
    """Find keeps answering 'card found' for a card already read (some modules do, while it lies there)."""


class SamModule:
    """Protocol logic of one SAM module; thread-safe, so a test can place cards while it serves."""

    def __init__(self, sam_id: bytes = DEFAULT_SAM_ID, slow_chunk: int = 64, slow_pause_s: float = 0.01):
        self.sam_id = sam_id
        self.slow_chunk = slow_chunk
        self.slow_pause_s = slow_pause_s
        self._lock = threading.Lock()
        self._card: Identity | None = None
        self._card_read = False
        self._selected = False
        self._faults: dict[SamFault, int] = {}
        self._swap_to: Identity | None = None
        self.reads = 0
        """Successful reads served (tests use it to prove a card is read once)."""

    def place(self, identity: Identity) -> None:
        """Put a card in the field (replacing any card there)."""
        with self._lock:
            self._card, self._card_read, self._selected = identity, False, False

    def lift(self) -> None:
        """Take the card away."""
        with self._lock:
            self._card, self._card_read, self._selected = None, False, False

    @property
    def card(self) -> Identity | None:
        """The card in the field, if any."""
        return self._card

    def inject(self, fault: SamFault, times: int = -1, swap_to: Identity | None = None) -> None:
        """Inject ``fault`` for the next ``times`` commands it applies to (``-1``: until cleared)."""
        with self._lock:
            self._faults[SamFault(fault)] = times
            if swap_to is not None:
                self._swap_to = swap_to

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    def _take(self, fault: SamFault) -> bool:
        left = self._faults.get(fault, 0)
        if left == 0:
            return False
        if left > 0:
            self._faults[fault] = left - 1
        return True

    @property
    def slow(self) -> bool:
        """True when replies should trickle out (consumes one use of the fault)."""
        with self._lock:
            return self._take(SamFault.SLOW_BYTES)

    def handle_frame_error(self, error: FrameError) -> bytes:
        """The reply a module gives to a host frame it could not decode."""
        sw3 = Sw3.CHECKSUM_ERROR if "checksum" in str(error) else Sw3.LENGTH_ERROR
        return encode_frame(Reply(sw3, b"").encode())

    def handle(self, payload: bytes) -> bytes:
        """The bytes a module sends back for one host command payload (a frame, maybe broken)."""
        with self._lock:
            command = tuple(payload[:2])
            if len(payload) < 2:
                return encode_frame(Reply(Sw3.LENGTH_ERROR, b"").encode())
            if self._take(SamFault.SAM_FAILURE):
                return encode_frame(Reply(Sw3.SAM_SELF_TEST_FAILED, b"").encode())
            if command == SAM_STATUS:
                return encode_frame(Reply(Sw3.OK, b"").encode())
            if command == SAM_ID:
                return encode_frame(Reply(Sw3.OK, self.sam_id).encode())
            if command == FIND_CARD:
                return encode_frame(self._find().encode())
            if command == SELECT_CARD:
                return encode_frame(self._select().encode())
            if command in (READ_TEXT_PHOTO, READ_TEXT_PHOTO_FINGERPRINT):
                return self._read(command == READ_TEXT_PHOTO_FINGERPRINT)
            return encode_frame(Reply(Sw3.BAD_COMMAND, b"").encode())

    def _find(self) -> Reply:
        if self._card is None or self._card_read or self._take(SamFault.NO_CARD):
            return Reply(Sw3.FIND_FAILED, b"")
        self._selected = False
        return Reply(Sw3.CARD_FOUND, bytes(4))

    def _select(self) -> Reply:
        if self._card is None or self._card_read:
            return Reply(Sw3.SELECT_FAILED, b"")
        self._selected = True
        return Reply(Sw3.OK, bytes(8))

    def _read(self, with_fingerprint: bool) -> bytes:
        if self._card is None or not self._selected or self._card_read:
            return encode_frame(Reply(Sw3.READ_FAILED, b"").encode())
        if self._take(SamFault.SWAP_MID_READ) and self._swap_to is not None:
            self._card, self._selected = self._swap_to, False
            return encode_frame(Reply(Sw3.READ_FAILED, b"").encode())
        if self._take(SamFault.READ_FAILURE):
            return encode_frame(Reply(Sw3.READ_FAILED, b"").encode())
        card = self._card
        data = CardData(encode_text_block(card), card.photo, bytes(1024) if with_fingerprint else b"")
        frame = encode_frame(Reply(Sw3.OK, encode_card_data(data, with_fingerprint)).encode())
        if self._take(SamFault.CHECKSUM_ERROR):
            return frame[:-1] + bytes([frame[-1] ^ 0xFF])
        if self._take(SamFault.TRUNCATED_FRAME):
            return frame[: len(frame) // 2]
        self._card_read = self._faults.get(SamFault.STICKY_CARD, 0) == 0
        self.reads += 1
        return frame

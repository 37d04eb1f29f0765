"""The SAM module's command sequence: status, SAM id, find → select → read, decoded into an Identity."""

from __future__ import annotations

from typing import Protocol

from devices.idcard.photo import PhotoDecoder, decode_photo
from devices.idcard.sam_protocol import (
    FIND_CARD,
    READ_TEXT_PHOTO,
    SAM_ID,
    SAM_STATUS,
    SELECT_CARD,
    CardData,
    Reply,
    SamStatusError,
    Sw3,
    format_sam_id,
    parse_card_data,
)
from devices.idcard.text_block import decode_text_block
from devices.identity import Identity

READ_REPLY_SIZE = 1295


class Link(Protocol):
    """What a session needs from its transport (a serial :class:`~devices.idcard.sam_link.SamLink`)."""

    def transact(self, cmd: int, para: int, data: bytes = b"", expect: int = 16) -> Reply:
        """Send one command, return its decoded reply."""

    def close(self) -> None:
        """Release the transport."""


class SamSession:
    """Commands to one SAM module over an open link."""

    def __init__(self, link: Link, photo_decoder: PhotoDecoder | None = None) -> None:
        self.link = link
        self.photo_decoder = photo_decoder

    def check_sam(self) -> None:
        """Ask the module's status; :class:`SamStatusError` when it reports a fault."""
        reply = self.link.transact(*SAM_STATUS)
        if reply.sw3 is not Sw3.OK:
            raise SamStatusError(reply.sw3, "SAM status")

    def sam_id(self) -> str:
        """The module's SAM id, formatted as printed on its label."""
        reply = self.link.transact(*SAM_ID, expect=32)
        if reply.sw3 is not Sw3.OK:
            raise SamStatusError(reply.sw3, "SAM id")
        return format_sam_id(reply.data)

    def find_card(self) -> bool:
        """True when a card not yet read is in the field (``80`` "no card" is normal, not an error)."""
        reply = self.link.transact(*FIND_CARD)
        if reply.sw3 is Sw3.CARD_FOUND:
            return True
        if reply.sw3 is Sw3.FIND_FAILED:
            return False
        raise SamStatusError(reply.sw3, "find card")

    def select_card(self) -> None:
        """Select the card found; :class:`SamStatusError` when it fails."""
        reply = self.link.transact(*SELECT_CARD)
        if reply.sw3 is not Sw3.OK:
            raise SamStatusError(reply.sw3, "select card")

    def read_data(self) -> CardData:
        """Read the text block and photo of the selected card."""
        reply = self.link.transact(*READ_TEXT_PHOTO, expect=READ_REPLY_SIZE)
        if reply.sw3 is not Sw3.OK:
            raise SamStatusError(reply.sw3, "read card")
        return parse_card_data(reply.data)

    def read_identity(self) -> Identity:
        """Select and read the card just found, decoded into an :class:`Identity` with its photo."""
        self.select_card()
        data = self.read_data()
        identity = decode_text_block(data.text)
        identity.photo = data.photo
        identity.photo_image = decode_photo(self.photo_decoder, data.photo)
        return identity

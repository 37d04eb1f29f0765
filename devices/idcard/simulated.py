"""In-process simulated ID card reader: a technician or test 'places' a card by calling a method.

A placed card goes through the real protocol code in process: resident cards and permits through
the SAM module simulator and the frame codec, social security cards through the virtual card's
applet and the APDU reader. An identity that no card layout can carry (typed, or longer than the
card's fields) is published as given, so the demo never stalls.
"""

from __future__ import annotations

import logging
from typing import Any

from devices.base import CardError, CardRead, CardRemoved, DeviceState, IdCardReader
from devices.errors import DeviceError
from devices.idcard.identities import load_identities
from devices.idcard.sam_frame import FrameDecoder, encode_command
from devices.idcard.sam_module import SamModule
from devices.idcard.sam_protocol import Reply, parse_reply
from devices.idcard.sam_session import SamSession
from devices.idcard.sscard import read_social_security_card
from devices.idcard.text_block import LAYOUTS
from devices.idcard.virtual_sscard import SocialSecurityApplet
from devices.identity import DocumentType, Identity

log = logging.getLogger(__name__)


class LoopbackSamLink:
    """A :class:`~devices.idcard.sam_link.SamLink` stand-in that talks to a :class:`SamModule` in process."""

    def __init__(self, module: SamModule) -> None:
        self.module = module

    def transact(self, cmd: int, para: int, data: bytes = b"", expect: int = 16) -> Reply:
        """Encode the command, let the module answer, decode the reply, as over a serial port."""
        decoder = FrameDecoder()
        decoder.feed(encode_command(cmd, para, data))
        payload = decoder.next_payload()
        decoder.feed(self.module.handle(payload or b""))
        reply = decoder.next_payload()
        if reply is None:
            raise DeviceError("simulated module sent an incomplete frame", device="idcard")
        return parse_reply(reply)

    def close(self) -> None:
        """Nothing to close."""


def read_in_process(identity: Identity) -> Identity:
    """``identity`` as the real decoders return it after a simulated card read."""
    if identity.document_type in LAYOUTS:
        module = SamModule()
        module.place(identity)
        session = SamSession(LoopbackSamLink(module))
        session.find_card()
        return session.read_identity()
    if identity.document_type is DocumentType.SOCIAL_SECURITY_CARD:
        applet = SocialSecurityApplet(identity)

        def transmit(apdu: bytes) -> tuple[bytes, int]:
            answer = applet.process(apdu)
            return answer[:-2], int.from_bytes(answer[-2:], "big")

        return read_social_security_card(transmit)
    raise DeviceError(f"{identity.document_type.value} is not read from a card", device="idcard")


class SimulatedIdCardReader(IdCardReader):
    """Reader with no hardware: :meth:`place` publishes a card read, :meth:`lift` its removal."""

    def __init__(self, name: str | None = None, identities: str = "", **_options: Any) -> None:
        super().__init__(name)
        self._card: Identity | None = None
        self._identities_file = identities
        self._samples: list[Identity] | None = None
        self._fail_next: str | None = None

    @property
    def samples(self) -> list[Identity]:
        """The fictitious identities from the configured file (or the bundled samples)."""
        if self._samples is None:
            self._samples = load_identities(self._identities_file or None)
        return self._samples

    def fail_next(self, kind: str = "read_failed", reason: str = "读卡失败 / card could not be read") -> None:
        """Fault injection: the next :meth:`place` publishes ``CardError(kind)`` instead of a read."""
        self._fail_next = f"{kind}\n{reason}"

    def place(self, identity: Identity) -> None:
        """Simulate a card put on the reader and read successfully."""
        self._card = identity
        if self._fail_next is not None:
            kind, _, reason = self._fail_next.partition("\n")
            self._fail_next = None
            self.publish(CardError(self.name, reason, kind=kind))
            return
        try:
            read = read_in_process(identity)
        except DeviceError as exc:
            log.debug("simulated read passes the identity as given: %s", exc.message)
            read = identity
        if identity.photo_image and not read.photo_image:
            read.photo_image = identity.photo_image  # stands in for a configured WLT decoder
        self.publish(CardRead(self.name, read))

    def place_sample(self, index: int = 0) -> Identity:
        """Place sample identity number ``index``; returns it."""
        identity = self.samples[index]
        self.place(identity)
        return identity

    def lift(self) -> None:
        """Simulate the card being taken away."""
        if self._card is not None:
            self._card = None
            self.publish(CardRemoved(self.name))

    def start(self) -> None:
        """Ready at once: there is nothing to open."""
        self.set_status(DeviceState.READY)

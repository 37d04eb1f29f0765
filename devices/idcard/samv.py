"""Resident ID card reader: a SAM module on a serial port, polled find → select → read on its own thread.

Behaviour a session can rely on:

- a card left on the reader is read once (the module answers "no card" after a read until the card
  is lifted and placed again, which is normal, not an error);
- a read that fails half-way is retried once, then reported as :class:`CardError`; a card whose read
  was reported failed is not retried until it leaves the field;
- the module cannot tell that a card was lifted, so :class:`CardRemoved` is published when another
  card arrives after a successful read; a module that keeps answering "found" for the card lying on it
  (some do) causes no events and no re-read storm: the same card is checked again at most every 2 s;
- the port vanishing (USB-serial unplugged) makes the reader ``offline``; it resumes by itself when the
  port comes back; a failing SAM makes it ``degraded`` until the module answers well again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from devices.base import CardError, CardRead, CardRemoved, DeviceState, IdCardReader
from devices.errors import ConfigurationError, DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError
from devices.idcard.photo import load_photo_decoder
from devices.idcard.sam_link import SamLink
from devices.idcard.sam_protocol import SamStatusError
from devices.idcard.sam_session import SamSession
from devices.identity import Identity

log = logging.getLogger(__name__)

SAME_CARD_RECHECK_S = 2.0
"""While a module keeps finding a card already read, it is read again at most this often to see whether
it is still the same card (another card then shows within this time)."""
READ_FAILED = "读卡失败，请重新放卡 / card could not be read, please place it again"


class SamvIdCardReader(IdCardReader):
    """SAM module reader on ``port`` (``/dev/ttyUSB0``, a by-id symlink, or a simulator's pty)."""

    def __init__(
        self,
        name: str | None = None,
        port: str = "",
        baud: int = 115200,
        poll_interval_s: float = 0.3,
        reply_timeout_s: float = 1.0,
        photo_decoder: str = "",
        **_other: Any,
    ) -> None:
        super().__init__(name)
        if not port:
            raise ConfigurationError("the samv reader needs a serial port (e.g. /dev/ttyUSB0)", device="idcard")
        self.port = port
        self.baud = int(baud)
        self.poll_interval_s = float(poll_interval_s)
        self.reply_timeout_s = float(reply_timeout_s)
        self._photo_decoder = load_photo_decoder(photo_decoder)
        self._session: SamSession | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._card_on = False
        self._card_key: tuple[str, str, str] = ("", "", "")
        self._checked_at = 0.0
        self._failed_card = False
        self.sam_id = ""
        """The module's SAM id once read (shown to technicians)."""

    def start(self) -> None:
        """Start the polling thread; the status follows the port (``offline`` until it opens)."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self.set_status(DeviceState.OFFLINE, f"opening {self.port}")
        self._thread = threading.Thread(target=self._run, name=f"idcard-samv-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and close the port."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=self.poll_interval_s + 3 * self.reply_timeout_s + 2)
        self._close()
        self.set_status(DeviceState.OFFLINE, "stopped")

    def describe(self) -> dict[str, Any]:
        """Status plus port, baud rate and SAM id."""
        return {**super().describe(), "port": self.port, "baud": self.baud, "sam_id": self.sam_id}

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._cycle()
            except DeviceUnavailable as exc:
                self._close()
                self.set_status(DeviceState.OFFLINE, exc.message)
            except SamStatusError as exc:
                self._on_status_error(exc)
            except (DeviceTimeout, ProtocolError) as exc:
                log.warning("idcard %s: %s", self.name, exc.message)
                self.set_status(DeviceState.DEGRADED, exc.message)
            except Exception:  # noqa: BLE001 - the polling thread must survive anything
                log.exception("idcard %s: unexpected failure", self.name)
                self._close()
                self.set_status(DeviceState.OFFLINE, "internal error, retrying")
            self._stopping.wait(self.poll_interval_s)

    def _on_status_error(self, exc: SamStatusError) -> None:
        if exc.is_sam_fault:
            self.set_status(DeviceState.DEGRADED, exc.message)
        else:
            log.info("idcard %s: %s", self.name, exc.message)

    def _open(self) -> SamSession:
        link = SamLink(self.port, self.baud, self.reply_timeout_s)
        session = SamSession(link, self._photo_decoder)
        self._session = session
        session.check_sam()
        try:
            self.sam_id = session.sam_id()
        except (DeviceTimeout, ProtocolError, SamStatusError) as exc:
            log.info("idcard %s: SAM id unavailable (%s)", self.name, exc.message)
        return session

    def _close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.link.close()

    def _cycle(self) -> None:
        session = self._session or self._open()
        found = session.find_card()
        self.set_status(DeviceState.READY)
        if not found:
            self._failed_card = False
            return
        if self._failed_card:
            return
        if self._card_on and time.monotonic() - self._checked_at < SAME_CARD_RECHECK_S:
            return  # a module that keeps saying "found" for the card lying there: no re-read storm
        self._read_with_retry(session)

    def _read_with_retry(self, session: SamSession) -> None:
        self.set_status(DeviceState.BUSY, "reading card")
        last: DeviceError | None = None
        for attempt in (1, 2):
            try:
                if attempt == 2 and not session.find_card():
                    break
                identity = session.read_identity()
            except SamStatusError as exc:
                if exc.is_sam_fault:
                    raise
                last = exc
            except (DeviceTimeout, ProtocolError) as exc:
                last = exc
            else:
                self.set_status(DeviceState.READY)
                self._on_card(identity)
                return
            log.warning("idcard %s: read attempt %d failed: %s", self.name, attempt, last.message)
        self._failed_card = True
        self.set_status(DeviceState.READY)
        self.publish(CardError(self.name, READ_FAILED if last is None else f"{READ_FAILED} ({last.message})"))

    def _on_card(self, identity: Identity) -> None:
        """Publish a card that is new; the same card still (or again) on the reader is not a new card."""
        key = (identity.id_number, identity.name, str(identity.valid_to))
        self._checked_at = time.monotonic()
        if self._card_on and key == self._card_key:
            return
        if self._card_on:
            self.publish(CardRemoved(self.name))
        self._card_on, self._card_key = True, key
        self.publish(CardRead(self.name, identity))

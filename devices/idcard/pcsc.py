"""Social security card reader on PC/SC (``pyscard``): reader hot-plug, card insert/remove, PIN entry.

One thread waits in ``SCardGetStatusChange`` on the chosen reader and on pcsc-lite's plug-and-play
pseudo reader, so a card put down, lifted or swapped, a reader plugged in or out, and pcscd going away
and coming back are all noticed without busy polling. A card that wants its PIN is reported as
``CardError(kind="pin_required")`` and kept connected; the UI then calls :meth:`submit_pin`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from smartcard import scard

from devices.base import CardError, CardRead, CardRemoved, DeviceState, IdCardReader
from devices.errors import DeviceError, DeviceUnavailable, UnsupportedMedia
from devices.idcard.sscard import (
    UNSUPPORTED,
    InvalidPin,
    PinBlocked,
    PinRejected,
    PinRequired,
    Transmit,
    check_pin,
    read_social_security_card,
)

log = logging.getLogger(__name__)

PNP_READER = "\\\\?PnP?\\Notification"
WAIT_MS = 1000
NO_SERVICE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_F_COMM_ERROR,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_W_SECURITY_VIOLATION,
}
"""pcsc-lite answers a vanished pcscd with these (even "access denied")."""
CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
}
READ_FAILED = "读卡失败，请重新插卡 / card could not be read, please insert it again"
REMOVED_WHILE_READING = "读卡时卡被拔出 / the card was removed while being read"


class CardGone(DeviceError):
    """The card left the reader (or was reset) during a command."""


def _check(hresult: int, what: str) -> None:
    """Translate a PC/SC result code into our errors (nothing for success)."""
    if hresult == scard.SCARD_S_SUCCESS:
        return
    text = scard.SCardGetErrorMessage(hresult)
    if hresult in NO_SERVICE:
        raise DeviceUnavailable(f"PC/SC 服务不可用 / PC/SC service (pcscd) unavailable: {text}", device="idcard")
    if hresult in CARD_GONE:
        raise CardGone(f"{what}: {text}", device="idcard")
    raise DeviceError(f"{what}: {text} ({hresult & 0xFFFFFFFF:08X})", device="idcard")


class PcscIdCardReader(IdCardReader):
    """Social security cards on the PC/SC reader whose name contains ``reader`` (empty: the first)."""

    def __init__(
        self,
        name: str | None = None,
        reader: str = "",
        poll_interval_s: float = 0.3,
        pin_lengths: Sequence[int] = (6,),
        **_other: Any,
    ) -> None:
        super().__init__(name)
        self.pin_lengths = tuple(pin_lengths)
        self.reader_filter = reader
        self.poll_interval_s = float(poll_interval_s)
        self.reader_name = ""
        """The PC/SC reader in use (empty while none is found)."""
        self._context: int | None = None
        self._state = scard.SCARD_STATE_UNAWARE
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        self._card_present = False
        self._card_events = -1
        self._pin_card: tuple[int, int] | None = None
        self._pin: str | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching readers and cards."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self.set_status(DeviceState.OFFLINE, "connecting to PC/SC")
        self._thread = threading.Thread(target=self._run, name=f"idcard-pcsc-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and release the PC/SC context."""
        self._stopping.set()
        self._wake()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=WAIT_MS / 1000 + 3)
        self._release()
        self.set_status(DeviceState.OFFLINE, "stopped")

    @property
    def waiting_for_pin(self) -> bool:
        """True while a card that needs its PIN is on the reader."""
        return self._pin_card is not None

    def submit_pin(self, pin: str) -> bool:
        """Give the PIN the citizen typed; the outcome arrives as ``CardRead`` or ``CardError``.

        Returns False when no card is waiting for a PIN. The PIN is kept only until it is sent.
        """
        if self._pin_card is None:
            return False
        try:
            check_pin(pin, self.pin_lengths)
        except InvalidPin as exc:  # said at once; the card never sees it, so no try is used up
            self.publish(CardError(self.name, exc.message, kind="pin_invalid"))
            return True
        with self._lock:
            self._pin = pin
        self._wake()
        return True

    def describe(self) -> dict[str, Any]:
        """Status plus the reader in use."""
        return {**super().describe(), "reader": self.reader_name}

    def _wake(self) -> None:
        context = self._context
        if context is not None:
            scard.SCardCancel(context)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._step()
            except DeviceError as exc:
                self._release()
                self.set_status(DeviceState.OFFLINE, exc.message)
                self._stopping.wait(max(self.poll_interval_s, 0.5))
            except Exception:  # noqa: BLE001 - the watching thread must survive anything
                log.exception("idcard %s: unexpected failure", self.name)
                self._release()
                self.set_status(DeviceState.OFFLINE, "internal error, retrying")
                self._stopping.wait(max(self.poll_interval_s, 0.5))

    def _establish(self) -> int:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _check(hresult, "establish PC/SC context")
        self._context = context
        self._state = self._pnp_state = scard.SCARD_STATE_UNAWARE
        return context

    def _release(self) -> None:
        self._drop_pin_card()
        context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)
        if self._card_present:
            self._card_present = False
            self.publish(CardRemoved(self.name))
        self.reader_name = ""

    def _pick_reader(self, context: int) -> str | None:
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return None
        _check(hresult, "list PC/SC readers")
        matching = [r for r in readers if self.reader_filter in r]
        return matching[0] if matching else None

    def _step(self) -> None:
        context = self._context or self._establish()
        reader = self._pick_reader(context)
        if reader != self.reader_name:
            self._reader_changed(reader)
        if reader is None:
            wanted = f" matching {self.reader_filter!r}" if self.reader_filter else ""
            self.set_status(DeviceState.OFFLINE, f"无读卡器 / no PC/SC reader{wanted}")
            self._wait([])
            return
        if self.status.state is not DeviceState.BUSY:
            self.set_status(DeviceState.READY)
        self._try_pin()
        states = self._wait([(reader, self._state)])
        if states:
            self._on_reader_state(states[0][1])

    def _reader_changed(self, reader: str | None) -> None:
        self._drop_pin_card()
        if self._card_present:
            self._card_present = False
            self.publish(CardRemoved(self.name))
        self.reader_name = reader or ""
        self._state = scard.SCARD_STATE_UNAWARE
        self._card_events = -1

    def _wait(self, watched: list[tuple[str, int]]) -> list:
        """Wait for a change on ``watched`` readers or in the reader list; their new states."""
        hresult, states = scard.SCardGetStatusChange(self._context, WAIT_MS, [*watched, (PNP_READER, self._pnp_state)])
        if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
            return []
        if hresult == scard.SCARD_E_UNKNOWN_READER:
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            # pcsc-lite answers a vanished pcscd with several codes (even "access denied"):
            # whatever it is, the context is dead and is built again.
            raise DeviceUnavailable(
                f"PC/SC 服务不可用 / PC/SC service (pcscd) unavailable: {scard.SCardGetErrorMessage(hresult)}",
                device="idcard",
            )
        self._pnp_state = states[-1][1] & ~scard.SCARD_STATE_CHANGED
        return list(states[:-1])

    def _on_reader_state(self, state: int) -> None:
        self._state = state & ~scard.SCARD_STATE_CHANGED
        if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_IGNORE):
            self._reader_changed(None)
            return
        present = bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
        events = state >> 16
        if present and self._card_present and events != self._card_events:
            self._drop_pin_card()
            self._card_present = False
            self.publish(CardRemoved(self.name))
        if present and not self._card_present:
            self._card_present = True
            self._card_events = events
            self._read(pin=None)
        elif not present and self._card_present:
            self._card_present = False
            self._drop_pin_card()
            self.publish(CardRemoved(self.name))

    def _transmit(self, card: int, protocol: int) -> Transmit:
        def transmit(apdu: bytes) -> tuple[bytes, int]:
            hresult, response = scard.SCardTransmit(card, protocol, list(apdu))
            _check(hresult, "transmit")
            if len(response) < 2:
                raise CardGone("card answered fewer than 2 bytes", device="idcard")
            return bytes(response[:-2]), (response[-2] << 8) | response[-1]

        return transmit

    def _connect(self) -> tuple[int, int]:
        hresult, card, protocol = scard.SCardConnect(
            self._context, self.reader_name, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        _check(hresult, "connect to card")
        return card, protocol

    def _drop_pin_card(self) -> None:
        card, self._pin_card = self._pin_card, None
        with self._lock:
            self._pin = None
        if card is not None:
            scard.SCardDisconnect(card[0], scard.SCARD_RESET_CARD)

    def _try_pin(self) -> None:
        with self._lock:
            pin, self._pin = self._pin, None
        if pin is not None and self._pin_card is not None:
            self._read(pin=pin)

    def _read(self, pin: str | None) -> None:
        """Read the card on the reader (twice at most), release it, then publish what came of it."""
        self.set_status(DeviceState.BUSY, "reading card")
        try:
            event = self._read_once_or_twice(pin)
        finally:
            self.set_status(DeviceState.READY)
        self.publish(event)

    def _read_once_or_twice(self, pin: str | None) -> CardRead | CardError:
        last: DeviceError | None = None
        for attempt in (1, 2):
            try:
                card = self._pin_card or self._connect()
            except CardGone as exc:
                last = exc
                break
            except DeviceUnavailable:
                raise
            except DeviceError as exc:  # e.g. another program holds the card exclusively
                last = exc
                log.warning("idcard %s: connect attempt %d failed: %s", self.name, attempt, exc.message)
                continue
            self._pin_card = None
            try:
                identity = read_social_security_card(self._transmit(*card), pin=pin)
            except (PinRequired, PinRejected) as exc:
                self._pin_card = card
                kind = "pin_required" if isinstance(exc, PinRequired) else "pin_wrong"
                return CardError(self.name, exc.message, kind=kind)
            except PinBlocked as exc:
                return self._released(card, CardError(self.name, exc.message, kind="pin_blocked"))
            except UnsupportedMedia:
                return self._released(card, CardError(self.name, UNSUPPORTED, kind="unsupported_card"))
            except DeviceUnavailable:
                self._released(card, None)
                raise
            except DeviceError as exc:
                self._released(card, None)
                last = exc
                log.warning("idcard %s: read attempt %d failed: %s", self.name, attempt, exc.message)
            else:
                return self._released(card, CardRead(self.name, identity))
        reason = REMOVED_WHILE_READING if isinstance(last, CardGone) or last is None else READ_FAILED
        return CardError(self.name, reason)

    def _released(self, card: tuple[int, int], event: Any) -> Any:
        """Disconnect ``card`` (resetting it, so a verified PIN does not outlive the read); ``event``."""
        scard.SCardDisconnect(card[0], scard.SCARD_RESET_CARD)
        return event

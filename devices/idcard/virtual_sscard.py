"""A virtual social security card for ``pcscd`` with the ``vsmartcard-vpcd`` reader driver.

The card side is a TCP client: it connects to vpcd (``127.0.0.1:35963`` for "Virtual PCD 00 00"),
which makes pcscd see a card inserted; closing the connection removes it. vpcd frames every message
with a 2-byte big-endian length; 1-byte messages are control (0 power off, 1 power on, 2 reset,
4 ATR request, answered with the ATR); anything else is an APDU, answered with data + SW.

Faults: ``read_failure`` (READ RECORD answers 6F00), ``swap_mid_read`` (the card is pulled while the
holder file is read and another card is put down), ``slow`` (each answer is delayed). Technicians
run it by hand with ``python -m devices.idcard.virtual_sscard --card 5`` while pcscd runs.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import struct
import sys
import threading
import time

from devices.idcard.identities import load_identities
from devices.idcard.nations import nation_code
from devices.idcard.sscard import AID, encode_tlv, pin_apdu
from devices.identity import Identity

VPCD_PORT = 35963
ATR = bytes.fromhex("3B680000") + b"SSCARD01"
"""T=0 ATR with TB1, TC1 and the historical bytes ``SSCARD01``."""


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class Applet:
    """A card's answer to APDUs; subclasses implement :meth:`process`."""

    def reset(self) -> None:
        """Power-on / reset: forget selections and verified PINs."""

    def process(self, apdu: bytes) -> bytes:
        """The response (data + SW) to one command APDU."""
        return _sw(0x6D00)


class ForeignCardApplet(Applet):
    """Any card that is not a social security card (a bank or transport card): selects fail."""

    def process(self, apdu: bytes) -> bytes:
        """``6A82`` to every SELECT, ``6D00`` to anything else."""
        return _sw(0x6A82 if apdu[1:2] == b"\xa4" else 0x6D00)


class SocialSecurityApplet(Applet):
    """The social security application: EF05 (card data) and EF06 (holder data), optional PIN."""

    def __init__(self, identity: Identity, pin: str | None = None, tries: int = 3) -> None:
        self.identity = identity
        self.pin = pin
        self.tries = tries
        self.read_failures = 0
        """READ RECORD commands still to fail with 6F00 (a fault)."""
        self.on_holder_select: list = []
        """Callbacks run when EF06 is selected (the swap-mid-read fault hooks in here)."""
        ex = identity.extra
        self.files: dict[int, dict[int, bytes]] = {
            0x05: {
                1: encode_tlv(0x01, ex.get("card_id_code", "").encode("ascii")),
                7: encode_tlv(0x07, ex.get("card_number", "").encode("ascii")),
            },
            0x06: {
                8: encode_tlv(0x08, identity.id_number.encode("ascii")),
                9: encode_tlv(0x09, identity.name.encode("gbk").ljust(30, b" ")),
                10: encode_tlv(0x0A, identity.sex.encode("ascii")),
                11: encode_tlv(0x0B, (nation_code(identity.nation) or "").encode("ascii")),
                13: encode_tlv(
                    0x0D, bytes.fromhex(identity.birth_date.strftime("%Y%m%d")) if identity.birth_date else b""
                ),
            },
        }
        self.reset()

    def reset(self) -> None:
        """Forget the selected application and file and the verified PIN."""
        self.app_selected = False
        self.current: int | None = None
        self.verified = False

    def process(self, apdu: bytes) -> bytes:
        """Answer SELECT (by name, by file id), READ RECORD and VERIFY."""
        if len(apdu) < 4 or apdu[0] != 0x00:
            return _sw(0x6E00)
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            self.app_selected = body == AID
            return _sw(0x9000 if self.app_selected else 0x6A82)
        if not self.app_selected:
            return _sw(0x6985)
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(body, "big") if len(body) == 2 else 0
            if fid not in (0xEF05, 0xEF06):
                return _sw(0x6A82)
            self.current = fid & 0xFF
            if self.current == 0x06:
                for hook in list(self.on_holder_select):
                    hook()
            return _sw(0x9000)
        if ins == 0x20:
            return self._verify(apdu)
        if ins == 0xB2:
            return self._read(p1, p2, apdu[4] if len(apdu) == 5 else 0)
        return _sw(0x6D00)

    def _verify(self, apdu: bytes) -> bytes:
        if self.pin is None:
            return _sw(0x9000)
        if self.tries <= 0:
            return _sw(0x6983)
        if apdu == pin_apdu(self.pin):
            self.verified = True
            return _sw(0x9000)
        self.tries -= 1
        return _sw(0x6983 if self.tries <= 0 else 0x63C0 | self.tries)

    def _read(self, record: int, p2: int, le: int) -> bytes:
        if p2 & 0x07 != 0x04:
            return _sw(0x6A86)
        file_id = p2 >> 3 or self.current
        if file_id not in self.files:
            return _sw(0x6A82)
        if self.read_failures:
            self.read_failures -= 1
            return _sw(0x6F00)
        if file_id == 0x06 and self.pin is not None and not self.verified:
            return _sw(0x6982)
        data = self.files[file_id].get(record)
        if data is None:
            return _sw(0x6A83)
        if le and le != len(data):
            return _sw(0x6C00 | len(data))
        return data + _sw(0x9000)


class VirtualCard:
    """The card side of vpcd: :meth:`insert` an applet (connects), :meth:`remove` it (disconnects)."""

    def __init__(self, port: int = VPCD_PORT, host: str = "127.0.0.1", atr: bytes = ATR) -> None:
        self.port = port
        self.host = host
        self.atr = atr
        self.delay_s = 0.0
        """Pause before each answer (the ``slow`` fault)."""
        self.applet: Applet | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._inserted = threading.Event()
        self._connected = threading.Event()
        self._lock = threading.Lock()

    @property
    def connected(self) -> bool:
        """True while vpcd holds the connection (pcscd sees a card)."""
        return self._connected.is_set()

    def insert(self, applet: Applet, wait_s: float = 5.0) -> None:
        """Put the card in the reader; waits up to ``wait_s`` for vpcd to accept it."""
        self.remove()
        self.applet = applet
        self._inserted.set()
        self._thread = threading.Thread(target=self._run, name="virtual-sscard", daemon=True)
        self._thread.start()
        self._connected.wait(wait_s)

    def remove(self) -> None:
        """Take the card out of the reader."""
        self._inserted.clear()
        self._drop()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def swap(self, applet: Applet, gap_s: float = 0.6) -> None:
        """Pull the card and put ``applet`` down after ``gap_s`` (long enough for pcscd to notice)."""

        def later() -> None:
            self.remove()
            time.sleep(gap_s)
            self.insert(applet)

        threading.Thread(target=later, name="virtual-sscard-swap", daemon=True).start()

    def swap_mid_read(self, applet: SocialSecurityApplet, other: Applet) -> None:
        """Fault: when ``applet``'s holder file is selected, the card is pulled and ``other`` put down."""

        def hook() -> None:
            applet.on_holder_select.clear()
            self._inserted.clear()
            self._drop()
            self.swap(other)

        applet.on_holder_select.append(hook)

    def _drop(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        self._connected.clear()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _run(self) -> None:
        while self._inserted.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                time.sleep(0.2)
                continue
            sock.settimeout(None)
            with self._lock:
                if not self._inserted.is_set():
                    sock.close()
                    return
                self._sock = sock
            self._connected.set()
            try:
                self._serve(sock)
            except OSError:
                pass
            self._drop()
            time.sleep(0.1)

    def _serve(self, sock: socket.socket) -> None:
        while True:
            head = _recv_exact(sock, 2)
            (size,) = struct.unpack(">H", head)
            message = _recv_exact(sock, size)
            if size == 1:
                if message[0] == 4:
                    sock.sendall(struct.pack(">H", len(self.atr)) + self.atr)
                elif self.applet is not None:
                    self.applet.reset()
                continue
            if self.delay_s:
                time.sleep(self.delay_s)
            applet = self.applet
            answer = applet.process(message) if applet is not None else _sw(0x6F00)
            if self._sock is not sock:
                return
            sock.sendall(struct.pack(">H", len(answer)) + answer)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise OSError("vpcd closed the connection")
        data += chunk
    return data


def _console(card: VirtualCard, identities: list[Identity], pin: str | None) -> None:
    applet: Applet | None = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd == "insert":
                applet = SocialSecurityApplet(identities[int(args[0]) if args else 0], pin=pin)
                card.insert(applet)
            elif cmd == "foreign":
                card.insert(ForeignCardApplet())
            elif cmd == "remove":
                card.remove()
            elif cmd == "fault" and args and args[0] == "read_failure" and isinstance(applet, SocialSecurityApplet):
                applet.read_failures = int(args[1]) if len(args) > 1 else 1
            elif cmd == "fault" and args and args[0] == "slow":
                card.delay_s = float(args[1]) if len(args) > 1 else 0.5
            elif cmd == "quit":
                return
            else:
                print(f"unknown command {line.strip()!r}", flush=True)
                continue
            print("ok", flush=True)
        except (ValueError, IndexError) as exc:
            print(f"error: {exc}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run a virtual social security card against pcscd's vpcd until ``quit`` or end of input."""
    parser = argparse.ArgumentParser(description="virtual social security card for pcscd + vsmartcard-vpcd")
    parser.add_argument("--port", type=int, default=VPCD_PORT, help="vpcd port (35963: 'Virtual PCD 00 00')")
    parser.add_argument("--identities", help="JSON file of identities (default: bundled samples)")
    parser.add_argument("--card", type=int, help="insert the social security card of identity number CARD")
    parser.add_argument("--pin", help="the card asks for this PIN before giving the holder data")
    args = parser.parse_args(argv)
    identities = load_identities(args.identities)
    card = VirtualCard(port=args.port)
    print(
        f"vpcd 127.0.0.1:{args.port}; commands: insert N, foreign, remove, fault read_failure N, fault slow S, quit",
        flush=True,
    )
    if args.card is not None:
        card.insert(SocialSecurityApplet(identities[args.card], pin=args.pin))
    try:
        _console(card, identities, args.pin)
    except KeyboardInterrupt:
        pass
    finally:
        card.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One command and its reply over a serial port (``pyserial``), with errors translated at the boundary."""

from __future__ import annotations

import os
import time

import serial

from devices.errors import DeviceBusy, DeviceTimeout, DeviceUnavailable
from devices.idcard.sam_frame import FrameDecoder, encode_command
from devices.idcard.sam_protocol import Reply, parse_reply

BITS_PER_BYTE = 10
"""8N1: start bit, 8 data bits, stop bit."""


def wire_time(byte_count: int, baud: int) -> float:
    """Seconds ``byte_count`` bytes take on the wire at ``baud`` (8N1)."""
    return byte_count * BITS_PER_BYTE / baud


class SamLink:
    """An open serial port to a SAM module; :meth:`transact` sends one command and decodes its reply."""

    def __init__(self, port: str, baud: int = 115200, reply_timeout_s: float = 1.0) -> None:
        self.port = port
        self.baud = baud
        self.reply_timeout_s = reply_timeout_s
        self._decoder = FrameDecoder()
        if not os.path.exists(port):
            raise DeviceUnavailable(f"串口不存在 / port {port} not present (unplugged?)", device="idcard")
        try:
            self._serial = serial.Serial(port, baud, timeout=0.05, write_timeout=1.0, exclusive=True)
        except serial.SerialException as exc:
            text = str(exc)
            if "lock" in text.lower() or "busy" in text.lower():
                raise DeviceBusy(f"port {port} is held by another program", device="idcard") from None
            raise DeviceUnavailable(f"port {port} cannot be opened ({_reason(exc)})", device="idcard") from None
        except (OSError, ValueError) as exc:
            raise DeviceUnavailable(f"port {port} cannot be opened ({exc})", device="idcard") from None

    def close(self) -> None:
        """Close the port; never raises."""
        try:
            self._serial.close()
        except (OSError, serial.SerialException):
            pass

    def transact(self, cmd: int, para: int, data: bytes = b"", expect: int = 16) -> Reply:
        """Send ``CMD PARA data`` and return the decoded reply.

        ``expect`` is the reply size in bytes, used to allow for its time on the wire. Raises
        :class:`DeviceUnavailable` when the port fails, :class:`DeviceTimeout` when no complete reply
        arrives, and the codec's typed errors for a broken one.
        """
        frame = encode_command(cmd, para, data)
        deadline = time.monotonic() + self.reply_timeout_s + wire_time(len(frame) + expect, self.baud)
        self._decoder.reset()
        try:
            self._serial.reset_input_buffer()
            self._serial.write(frame)
            while True:
                payload = self._decoder.next_payload()
                if payload is not None:
                    return parse_reply(payload)
                if time.monotonic() >= deadline:
                    hint = "" if self._decoder.pending else f"; is it a SAM module at {self.baud} baud?"
                    raise DeviceTimeout(
                        f"模块无应答 / no complete reply to command {cmd:02X} {para:02X} on {self.port} "
                        f"({self._decoder.pending} bytes received{hint})",
                        device="idcard",
                    )
                waiting = self._serial.in_waiting
                self._decoder.feed(self._serial.read(max(waiting, min(self._decoder.bytes_wanted(), 4096))))
        except serial.SerialTimeoutException:
            raise DeviceTimeout(f"port {self.port} does not accept data", device="idcard") from None
        except (serial.SerialException, OSError) as exc:
            raise DeviceUnavailable(
                f"串口断开 / port {self.port} disconnected ({_reason(exc)})", device="idcard"
            ) from None


def _reason(exc: BaseException) -> str:
    """A short, stable reason (pyserial's messages repeat the errno text in brackets)."""
    errno_text = getattr(exc, "strerror", None)
    if errno_text:
        return str(errno_text)
    return str(exc).split("(")[0].strip() or type(exc).__name__

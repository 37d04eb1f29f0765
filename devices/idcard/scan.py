"""What ID card readers this machine can see: serial ports (SAM modules) and PC/SC readers."""

from __future__ import annotations

from serial.tools import list_ports


def serial_ports() -> list[dict]:
    """Every serial port pyserial lists (a SAM module sits behind one of them)."""
    found = []
    for port in sorted(list_ports.comports(), key=lambda p: p.device):
        details = [d for d in (port.description, port.manufacturer, port.hwid) if d and d != "n/a"]
        found.append({"kind": "serial", "path": port.device, "description": " · ".join(details) or "serial port"})
    return found


def pcsc_readers() -> list[dict]:
    """Every reader pcscd knows; nothing (not an error) when pcscd or pyscard is missing."""
    try:
        from smartcard import scard
    except ImportError:
        return []
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult != scard.SCARD_S_SUCCESS:
            return []
        return [
            {"kind": "pcsc", "path": name, "description": "PC/SC reader (social security card)"} for name in readers
        ]
    finally:
        scard.SCardReleaseContext(context)


def scan() -> list[dict]:
    """Serial ports and PC/SC readers, as dicts with ``kind``, ``path`` and ``description``."""
    return serial_ports() + pcsc_readers()

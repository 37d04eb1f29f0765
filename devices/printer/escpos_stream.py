"""Split an ESC/POS byte stream into commands and text runs (used by the preview and the simulator).

Only the framing is decoded here: how long each command is, so that image and QR payloads are never
mistaken for commands (a raster image may well contain the bytes ``10 04``). Meaning is up to the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from devices.errors import ProtocolError

ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10

# Commands of a fixed number of parameter bytes after the two-byte name.
_ESC_FIXED = {
    ord("@"): 0,
    ord("!"): 1,
    ord("E"): 1,
    ord("G"): 1,
    ord("-"): 1,
    ord("M"): 1,
    ord("a"): 1,
    ord("t"): 1,
    ord("d"): 1,
    ord("J"): 1,
    ord("2"): 0,
    ord("3"): 1,
    ord("R"): 1,
    ord("{"): 1,
    ord("V"): 1,
    ord("p"): 3,
    ord("B"): 2,
    ord("="): 1,
    ord("i"): 0,
    ord("m"): 0,
    ord("c"): 2,
    ord(" "): 1,
    ord("$"): 2,
    ord("U"): 1,
    ord("?"): 2,
}
_FS_FIXED = {ord("&"): 0, ord("."): 0, ord("!"): 1, ord("C"): 1, ord("-"): 1, ord("W"): 1, ord("S"): 2}
_GS_FIXED = {
    ord("!"): 1,
    ord("h"): 1,
    ord("w"): 1,
    ord("H"): 1,
    ord("f"): 1,
    ord("a"): 1,
    ord("B"): 1,
    ord("L"): 2,
    ord("W"): 2,
    ord("P"): 2,
    ord("r"): 1,
    ord("I"): 1,
}
_DLE_FIXED = {0x04: 1, 0x05: 1, 0x14: 3}


@dataclass(frozen=True, slots=True)
class Command:
    """One command (``name`` such as ``"ESC !"``, ``"GS v 0"``, ``"TEXT"``, ``"LF"``) and its bytes."""

    name: str
    params: bytes = b""
    data: bytes = b""


def _name(prefix: int, code: int) -> str:
    label = {ESC: "ESC", FS: "FS", GS: "GS", DLE: "DLE"}[prefix]
    return f"{label} {chr(code) if 0x20 < code < 0x7F else f'0x{code:02X}'}"


def next_command(buf: bytes | bytearray, i: int) -> tuple[Command, int] | None:
    """The command starting at ``buf[i]`` and the offset after it; ``None`` when it is not complete yet."""
    n = len(buf)
    if i >= n:
        return None
    b = buf[i]
    if b >= 0x20 and b != 0x7F:
        j = i
        while j < n and (buf[j] >= 0x20 and buf[j] != 0x7F):
            j += 1
        return Command("TEXT", data=bytes(buf[i:j])), j
    if b == 0x0A:
        return Command("LF"), i + 1
    if b not in (ESC, FS, GS, DLE):
        return Command(f"CTL 0x{b:02X}"), i + 1
    if i + 1 >= n:
        return None
    code = buf[i + 1]
    name = _name(b, code)
    fixed = {ESC: _ESC_FIXED, FS: _FS_FIXED, GS: _GS_FIXED, DLE: _DLE_FIXED}[b].get(code)
    if b == GS and code == ord("V"):
        if i + 2 >= n:
            return None
        fixed = 2 if buf[i + 2] in (65, 66, 97, 98, 103, 104) else 1
    if fixed is not None:
        end = i + 2 + fixed
        return (Command(name, params=bytes(buf[i + 2 : end])), end) if end <= n else None
    if b == GS and code == ord("v"):  # GS v 0 m xL xH yL yH d1..dk
        if i + 8 > n:
            return None
        x = buf[i + 4] | buf[i + 5] << 8
        y = buf[i + 6] | buf[i + 7] << 8
        end = i + 8 + x * y
        return (Command("GS v 0", bytes(buf[i + 2 : i + 8]), bytes(buf[i + 8 : end])), end) if end <= n else None
    if b == GS and code == ord("("):  # GS ( k / GS ( L pL pH data
        if i + 5 > n:
            return None
        size = buf[i + 3] | buf[i + 4] << 8
        end = i + 5 + size
        label = f"GS ( {chr(buf[i + 2]) if 0x20 < buf[i + 2] < 0x7F else '?'}"
        return (Command(label, bytes(buf[i + 2 : i + 5]), bytes(buf[i + 5 : end])), end) if end <= n else None
    if b == GS and code == ord("k"):
        if i + 3 > n:
            return None
        m = buf[i + 2]
        if m <= 6:  # function A: data up to NUL
            nul = bytes(buf).find(b"\x00", i + 3)
            return (Command("GS k", bytes([m]), bytes(buf[i + 3 : nul])), nul + 1) if nul >= 0 else None
        if i + 4 > n:
            return None
        end = i + 4 + buf[i + 3]
        return (Command("GS k", bytes([m]), bytes(buf[i + 4 : end])), end) if end <= n else None
    if b == ESC and code == ord("*"):  # ESC * m nL nH data (column image)
        if i + 5 > n:
            return None
        width = buf[i + 3] | buf[i + 4] << 8
        end = i + 5 + width * (3 if buf[i + 2] in (32, 33) else 1)
        return (Command("ESC *", bytes(buf[i + 2 : i + 5]), bytes(buf[i + 5 : end])), end) if end <= n else None
    if b == ESC and code == ord("D"):  # tab stops up to NUL
        nul = bytes(buf).find(b"\x00", i + 2)
        return (Command("ESC D", bytes(buf[i + 2 : nul])), nul + 1) if nul >= 0 else None
    return Command(name), i + 2  # unknown two-byte command: skip it rather than misread what follows


def commands(data: bytes) -> Iterator[Command]:
    """Every command in a complete job; a job cut off inside a command is a ProtocolError at that point."""
    i = 0
    while i < len(data):
        found = next_command(data, i)
        if found is None:
            raise ProtocolError(f"job ends inside a command at byte {i} of {len(data)}", device="printer")
        command, i = found
        yield command

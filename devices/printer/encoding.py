"""Encode text for the printer in the profile's encoding, never silently losing a character.

python-escpos' own encoder sends a line as GB18030 only when it holds a common ideograph, so
'，：（）￥' on their own become '?'. Here every string goes out in the profile's encoding; what the
encoding cannot hold becomes a visible 〓 (GETA MARK, present in GB2312, GBK, GB18030 and UTF-8)
and is logged by code point. Control characters are turned into spaces so that text (a citizen's
name, an address) can never smuggle printer commands into a job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

REPLACEMENT = "〓"
_CODECS = {"gb18030": "gb18030", "gbk": "gbk", "utf-8": "utf-8"}


@dataclass(frozen=True, slots=True)
class EncodedText:
    """Bytes ready for the printer and the code points that had to be replaced."""

    data: bytes
    replaced: tuple[str, ...] = field(default=())


def sanitize(text: str) -> str:
    """Replace control characters (C0 except newline, DEL, C1) with spaces; keep everything else."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" or (code >= 0x20 and code != 0x7F and not 0x80 <= code <= 0x9F):
            out.append(ch)
        else:
            out.append(" ")
    return "".join(out)


def codec_for(encoding: str) -> str:
    """The Python codec name for a profile encoding (``gb18030``, ``gbk`` or ``utf-8``)."""
    try:
        return _CODECS[encoding.lower()]
    except KeyError:
        raise ValueError(f"unsupported printer encoding {encoding!r}; allowed: {', '.join(_CODECS)}") from None


def encode_text(text: str, encoding: str) -> EncodedText:
    """Encode ``text`` for a printer using ``encoding``; unencodable characters become 〓 and are logged."""
    codec = codec_for(encoding)
    clean = sanitize(text)
    try:
        return EncodedText(clean.encode(codec))
    except UnicodeEncodeError:
        pass
    parts: list[bytes] = []
    replaced: list[str] = []
    for ch in clean:
        try:
            parts.append(ch.encode(codec))
        except UnicodeEncodeError:
            replaced.append(f"U+{ord(ch):04X}")
            parts.append(REPLACEMENT.encode(codec))
    # Code points only, never the surrounding text: the line may hold a citizen's name.
    log.warning(
        "printer encoding %s cannot hold %d character(s) %s; printed as %s",
        codec,
        len(replaced),
        " ".join(replaced),
        REPLACEMENT,
    )
    return EncodedText(b"".join(parts), tuple(replaced))


def decode_text(data: bytes, encoding: str) -> str:
    """Decode printer text bytes back into a string (used by the preview and the tests)."""
    return data.decode(codec_for(encoding), errors="replace")

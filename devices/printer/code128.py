"""CODE128 data for ESC/POS ``GS k 73``: set B for text, set C for runs of digits (half the width).

ESC/POS takes the code set from ``{A``/``{B``/``{C`` markers inside the data and a literal ``{`` as
``{{``. Case numbers are mostly digits, so set C keeps them inside 58 mm paper.
"""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\d{4,}")


def escpos_code128(text: str) -> str:
    """The ``GS k`` data for ``text`` (printable ASCII): digit runs of 4+ in set C, the rest in set B."""
    if not text or not all(0x20 <= ord(c) < 0x7F for c in text):
        raise ValueError("CODE128 text must be non-empty printable ASCII")
    out: list[str] = []
    current = ""
    pos = 0
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if (end - start) % 2:
            start += 1  # the odd digit goes with the text before, in set B
        if start > pos:
            out.append(("{B" if current != "B" else "") + text[pos:start].replace("{", "{{"))
            current = "B"
        digits = text[start:end]
        pairs = "".join(chr(int(digits[k : k + 2])) for k in range(0, len(digits), 2))
        out.append(("{C" if current != "C" else "") + pairs)
        current, pos = "C", end
    if pos < len(text):
        out.append(("{B" if current != "B" else "") + text[pos:].replace("{", "{{"))
    return "".join(out)


def decode_escpos_code128(data: str) -> str:
    """The human-readable text of ``GS k`` CODE128 data (inverse of :func:`escpos_code128`)."""
    out: list[str] = []
    charset = "B"
    i = 0
    while i < len(data):
        ch = data[i]
        if ch == "{" and i + 1 < len(data):
            marker = data[i + 1]
            if marker in "ABC":
                charset = marker
                i += 2
                continue
            if marker == "{":
                out.append("{")
                i += 2
                continue
        out.append(f"{ord(ch):02d}" if charset == "C" else ch)
        i += 1
    return "".join(out)


def symbol_count(data: str) -> int:
    """Symbols the printer draws for ``GS k`` data, start and check symbols included."""
    markers = data.count("{A") + data.count("{B") + data.count("{C") + data.count("{{")
    return len(data) - 2 * markers + markers + 1  # every marker but the first is a code switch; + check


def width_dots(data: str, module: int) -> int:
    """Printed width of ``GS k`` data at ``module`` dots per module (11 per symbol, 13 for stop)."""
    return (11 * symbol_count(data) + 13) * module

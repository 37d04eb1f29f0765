"""Column arithmetic for receipt text: ASCII is one column (12 dots), everything else two (24 dots).

That is how a Chinese-mode ESC/POS printer spaces characters (single-byte vs double-byte codes), and
the preview renderer uses the same rule, so what fits in the layout fits on paper.
"""

from __future__ import annotations

NO_LINE_START = frozenset("，。、；：！？）】》」』〉”’…·,.;:!?)]}%")


def char_width(ch: str) -> int:
    """Columns taken by one character."""
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """Columns taken by ``text``."""
    return sum(char_width(ch) for ch in text)


def _tokens(text: str) -> list[str]:
    """Runs of ASCII non-space characters stay together (words, numbers); anything else alone."""
    tokens: list[str] = []
    for ch in text:
        if tokens and ch.isascii() and not ch.isspace() and tokens[-1].isascii() and not tokens[-1][-1].isspace():
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def wrap(text: str, columns: int) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` columns (explicit newlines kept)."""
    if columns < 2:
        raise ValueError("columns must be at least 2")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0
        for token in _tokens(paragraph):
            tw = text_width(token)
            if tw > columns:  # a word longer than the line: break it by characters
                for ch in token:
                    cw = char_width(ch)
                    if width + cw > columns:
                        lines.append(line.rstrip())
                        line, width = "", 0
                    line, width = line + ch, width + cw
                continue
            if width + tw > columns:
                carry = ""
                if token in NO_LINE_START and len(line) > 1:
                    line, carry = line[:-1], line[-1]  # never start a line with a closing mark
                lines.append(line.rstrip())
                line, width = carry, text_width(carry)
                if token.isspace():
                    continue
            line, width = line + token, width + tw
        lines.append(line.rstrip())
    return lines

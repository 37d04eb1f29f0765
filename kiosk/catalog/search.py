"""Instant search by characters, full pinyin, pinyin initials or a mix of them (居住证 ← 居住, juzhuzheng, jzz, 居zz).

Pinyin is computed once per term when the index is built (pypinyin, phrase-aware), never per query.
Every term contributes three keys (characters, full pinyin, initials) for each syllable it can start
at; entries are sorted by rank once, and a dictionary maps every key prefix up to ``PREFIX`` characters
to the entry ids in rank order. A query reads one posting list, filters it with ``str.startswith`` and
stops at ``limit`` distinct targets. Mixed input falls back to a small syllable matcher over the
candidates that share the query's initials.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
PREFIX = 4
_DROP = set(" \t\r\n'’`-_·•.,，。、/\\()（）[]【】<>《》:：;；\"“”!！?？")
FORM_CHARS, FORM_FULL, FORM_INITIALS = 0, 1, 2


def normalize(text: str) -> str:
    """Lower-case, half-width, without spaces and punctuation; ``ü`` becomes ``v`` as on keyboards."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v").replace("u:", "v")
    return "".join(c for c in text if c not in _DROP)


def is_han(c: str) -> bool:
    """True for a CJK ideograph."""
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def syllables(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(chars, pinyin)`` of a normalized term: one pinyin syllable per Han char, the char itself otherwise."""
    from pypinyin import Style, lazy_pinyin  # loaded on first index build, never at import

    chars = tuple(text)
    if not any(is_han(c) for c in chars):
        return chars, chars
    pys = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s), v_to_u=False)
    if len(pys) != len(chars):  # pypinyin merged something unexpected: fall back to one call per char
        pys = [lazy_pinyin(c, errors=lambda s: list(s))[0] if is_han(c) else c for c in chars]
    return chars, tuple(p.lower().replace("ü", "v") for p in pys)


@dataclass(frozen=True, slots=True)
class Term:
    """A searchable phrase of a target and its rank class (lower ranks first)."""

    text: str
    klass: int


class PrefixIndex(Generic[T]):
    """Ranked prefix index over terms of ``targets`` (given best first)."""

    def __init__(self, targets: Sequence[T], terms_of: Callable[[T], Iterable[Term]],
                 pinyin_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None) -> None:
        self.targets = list(targets)
        cache = pinyin_cache if pinyin_cache is not None else {}
        self.terms: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self.exact: dict[str, list[int]] = {}
        self.char_initial: dict[str, set[str]] = {}
        self.syllable_prefixes: set[str] = set()
        raw: list[tuple[int, int, str, int, int, int]] = []
        for t, target in enumerate(self.targets):
            for term in terms_of(target):
                text = normalize(term.text)
                if not text:
                    continue
                sy = cache.get(text)
                if sy is None:
                    sy = cache[text] = syllables(text)
                chars, pys = sy
                term_id = len(self.terms)
                self.terms.append(sy)
                for c, p in zip(chars, pys, strict=True):
                    if is_han(c):
                        self.char_initial.setdefault(c, set()).add(p[:1])
                    for k in range(1, len(p) + 1):
                        self.syllable_prefixes.add(p[:k])
                full = "".join(pys)
                initials = "".join(p[:1] for p in pys)
                if term.klass <= 1:
                    for key in {text, full, initials}:
                        bucket = self.exact.setdefault(key, [])
                        if t not in bucket:
                            bucket.append(t)
                offsets = [0]
                for p in pys:
                    offsets.append(offsets[-1] + len(p))
                for pos in range(len(chars)):
                    klass = term.klass if pos == 0 else term.klass + 2
                    keys = ((FORM_CHARS, "".join(chars[pos:])), (FORM_FULL, full[offsets[pos]:]),
                            (FORM_INITIALS, initials[pos:]))
                    done: set[str] = set()
                    for form, key in keys:
                        if key not in done:
                            done.add(key)
                            raw.append((klass, t, key, term_id, pos, form))
        raw.sort(key=lambda e: (e[0], e[1]))
        self.keys = [e[2] for e in raw]
        self.owner = array("I", (e[1] for e in raw))
        self.term_of = array("I", (e[3] for e in raw))
        self.pos_of = array("H", (min(e[4], 65535) for e in raw))
        self.form_of = bytes(e[5] for e in raw)
        postings: dict[str, list[int]] = {}
        for entry, key in enumerate(self.keys):
            for k in range(1, min(PREFIX, len(key)) + 1):
                postings.setdefault(key[:k], []).append(entry)
        self.postings = {k: array("I", v) for k, v in postings.items()}

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, q: str, limit: int, seen: set[int] | None = None) -> list[int]:
        """Target numbers matching normalized ``q``, best first (exact, then by rank class and order)."""
        seen = set() if seen is None else seen
        found: list[int] = []

        def take(t: int) -> bool:
            if t not in seen:
                seen.add(t)
                found.append(t)
            return len(found) >= limit

        for t in self.exact.get(q, ()):
            if take(t):
                return found
        ids = self.postings.get(q[:PREFIX])
        if ids is not None:
            owner, keys = self.owner, self.keys
            if len(q) <= PREFIX:
                for e in ids:
                    if take(owner[e]):
                        return found
            else:
                for e in ids:
                    if keys[e].startswith(q) and take(owner[e]):
                        return found
        if len(found) < limit and (not found or _mixed(q)):
            for t in self._find_mixed(q):
                if take(t):
                    break
        return found

    def _skeleton(self, q: str) -> str | None:
        """Initials the query must start with, segmenting latin runs into syllable prefixes greedily."""
        out: list[str] = []
        i = 0
        while i < len(q):
            c = q[i]
            if is_han(c):
                initials = self.char_initial.get(c)
                if not initials:
                    return None
                out.append(min(initials))  # polyphones rarely differ in initial; the matcher checks anyway
                i += 1
                continue
            k = 1
            while i + k < len(q) and not is_han(q[i + k]) and q[i:i + k + 1] in self.syllable_prefixes:
                k += 1
            if q[i:i + k] not in self.syllable_prefixes:
                return None
            out.append(c)
            i += k
        return "".join(out)

    def _find_mixed(self, q: str) -> Iterable[int]:
        skeleton = self._skeleton(q)
        if not skeleton:
            return
        ids = self.postings.get(skeleton[:PREFIX])
        if ids is None:
            return
        for e in ids:
            if self.form_of[e] != FORM_INITIALS or not self.keys[e].startswith(skeleton):
                continue
            chars, pys = self.terms[self.term_of[e]]
            if _match(q, 0, chars, pys, self.pos_of[e]):
                yield self.owner[e]


def _mixed(q: str) -> bool:
    has_han = any(is_han(c) for c in q)
    return has_han and any(not is_han(c) for c in q)


def _match(q: str, i: int, chars: Sequence[str], pys: Sequence[str], pos: int) -> bool:
    """Does ``q[i:]`` match the syllables from ``pos`` on, each given as char, full pinyin or a prefix of it?"""
    if i == len(q):
        return True
    if pos == len(chars):
        return False
    c = q[i]
    if c == chars[pos] and _match(q, i + 1, chars, pys, pos + 1):
        return True
    if is_han(c):
        return False
    py = pys[pos]
    k = 0
    while k < len(py) and i + k < len(q) and q[i + k] == py[k]:
        k += 1
        if _match(q, i + k, chars, pys, pos + 1):
            return True
    return False


def naive_search(targets: Sequence[T], texts_of: Callable[[T], Iterable[str]], query: str, limit: int) -> list[T]:
    """Baseline for the benchmark: convert every target to pinyin on every query and test containment."""
    from pypinyin import Style, lazy_pinyin

    q = normalize(query)
    out = []
    for target in targets:
        for text in texts_of(target):
            t = normalize(text)
            full = "".join(lazy_pinyin(t))
            initials = "".join(lazy_pinyin(t, style=Style.FIRST_LETTER))
            if q in t or q in full or q in initials:
                out.append(target)
                break
    return out[:limit]

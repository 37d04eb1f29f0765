"""Instant search by characters, full pinyin, pinyin initials or a mix of them (居住证 ← 居住, juzhuzheng, jzz, 居zz).

Pinyin is computed once per term when the index is built (pypinyin, phrase-aware), never per query.
Every term contributes three keys (characters, full pinyin, initials) for each syllable it can start
at; entries are kept in rank order, and a dictionary maps key prefixes of the lengths in ``LADDER``
to the entry ids in that order. A query reads the posting list of its longest indexed prefix, filters
it with ``str.startswith`` and stops at ``limit`` distinct targets. Input mixing characters, full
syllables and initials (居zz, juzz) goes to a small syllable matcher over the candidates that share
the query's initials.
"""

from __future__ import annotations

import heapq
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

T = TypeVar("T")
LADDER = (1, 2, 3, 4, 6, 8, 12)
"""Key prefix lengths that get a posting list; a query reads the longest one it covers."""
_DROP = set(" \t\r\n'’`-_·•.,，。、/\\()（）[]【】<>《》:：;；\"“”!！?？")
FORM_CHARS, FORM_FULL, FORM_INITIALS = 0, 1, 2


def normalize(text: str) -> str:
    """Lower-case, half-width, without spaces and punctuation; ``ü`` becomes ``v`` as on keyboards."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v").replace("u:", "v")
    return "".join(c for c in text if c not in _DROP)


def is_han(c: str) -> bool:
    """True for a CJK ideograph."""
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def _one_per_char(text: str) -> str:
    """pypinyin's ``errors`` hook: a non-Han run as one item per character (it accepts a list; its
    stubs say ``str``, hence the cast)."""
    return cast(str, list(text))


def syllables(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(chars, pinyin)`` of a normalized term: one pinyin syllable per Han char, the char itself otherwise."""
    from pypinyin import Style, lazy_pinyin  # loaded on first index build, never at import

    chars = tuple(text)
    if not any(is_han(c) for c in chars):
        return chars, chars
    pys = lazy_pinyin(text, style=Style.NORMAL, errors=_one_per_char, v_to_u=False)
    if len(pys) != len(chars):  # pypinyin merged something unexpected: fall back to one call per char
        pys = [lazy_pinyin(c, errors=_one_per_char)[0] if is_han(c) else c for c in chars]
    return chars, tuple(p.lower().replace("ü", "v") for p in pys)


_LONGEST_SYLLABLE = 6  # zhuang, chuang, shuang
_SKELETON_MAX = 64
_SKELETON_STEPS = 4000
KLASSES = 6  # name at start 0, keyword at start 1, name inside 2, keyword inside 3, others 4-5


class _Bucket:
    """Entries of one rank class, as parallel arrays, in target order."""

    __slots__ = ("form", "keys", "owner", "pos", "term")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.owner = array("I")
        self.term = array("I")
        self.pos = array("H")
        self.form = bytearray()

    def add(self, owner: int, key: str, term: int, pos: int, form: int) -> None:
        self.keys.append(key)
        self.owner.append(owner)
        self.term.append(term)
        self.pos.append(min(pos, 65535))
        self.form.append(form)


@dataclass(frozen=True, slots=True)
class Term:
    """A searchable phrase of a target and its rank class (lower ranks first)."""

    text: str
    klass: int


class PrefixIndex(Generic[T]):
    """Ranked prefix index over terms of ``targets`` (given best first)."""

    def __init__(
        self,
        targets: Sequence[T],
        terms_of: Callable[[T], Iterable[Term]],
        pinyin_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
    ) -> None:
        self.targets = list(targets)
        cache = pinyin_cache if pinyin_cache is not None else {}
        self.terms: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self.exact: dict[str, list[int]] = {}
        self.char_initial: dict[str, set[str]] = {}
        self.syllable_prefixes: set[str] = set()
        self.syllables: set[str] = set()
        # Entries are generated in target order into one bucket per rank class, so concatenating the
        # buckets yields rank order without sorting; parallel arrays keep ~500k entries compact.
        buckets: list[_Bucket] = [_Bucket() for _ in range(KLASSES)]
        interned: dict[str, str] = {}
        term_ids: dict[str, int] = {}
        for t, target in enumerate(self.targets):
            for term in terms_of(target):
                text = normalize(term.text)
                if not text:
                    continue
                term_id = term_ids.get(text)
                if term_id is None:
                    term_id = term_ids[text] = len(self.terms)
                    sy = cache.get(text)
                    if sy is None:
                        sy = cache[text] = syllables(text)
                    self.terms.append(sy)
                    self._learn(sy)
                chars, pys = self.terms[term_id]
                full = "".join(pys)
                initials = "".join(p[:1] for p in pys)
                if term.klass <= 1:
                    for key in {text, full, initials}:
                        bucket_t = self.exact.setdefault(key, [])
                        if t not in bucket_t:
                            bucket_t.append(t)
                offset = 0
                for pos in range(len(chars)):
                    bucket = buckets[min(term.klass + (2 if pos else 0), KLASSES - 1)]
                    done: set[str] = set()
                    for form, key in (
                        (FORM_CHARS, text[pos:]),
                        (FORM_FULL, full[offset:]),
                        (FORM_INITIALS, initials[pos:]),
                    ):
                        if key not in done:
                            done.add(key)
                            bucket.add(t, interned.setdefault(key, key), term_id, pos, form)
                    offset += len(pys[pos])
        self.keys: list[str] = []
        self.owner = array("I")
        self.term_of = array("I")
        self.pos_of = array("H")
        form_of = bytearray()
        for bucket in buckets:
            self.keys.extend(bucket.keys)
            self.owner.extend(bucket.owner)
            self.term_of.extend(bucket.term)
            self.pos_of.extend(bucket.pos)
            form_of.extend(bucket.form)
        self.form_of = bytes(form_of)
        postings: dict[str, array] = {}
        for entry, key in enumerate(self.keys):
            for k in LADDER:
                if k > len(key):
                    break
                ids = postings.get(key[:k])
                if ids is None:
                    ids = postings[key[:k]] = array("I")
                ids.append(entry)
        self.postings = postings

    def _learn(self, sy: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        """Remember each Han char's initials and every syllable prefix (for mixed-input segmentation)."""
        for c, p in zip(*sy, strict=True):
            if is_han(c):
                self.char_initial.setdefault(c, set()).add(p[:1])
            self.syllables.add(p)
            for k in range(1, len(p) + 1):
                self.syllable_prefixes.add(p[:k])

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
        k = _rung(len(q))
        ids = self.postings.get(q[:k])
        if ids is not None:
            owner, keys = self.owner, self.keys
            if len(q) == k:
                for e in ids:
                    if take(owner[e]):
                        return found
            else:
                for e in ids:
                    if keys[e].startswith(q) and take(owner[e]):
                        return found
        if len(found) < limit and not all(is_han(c) for c in q):
            for t in self._find_mixed(q):
                if take(t):
                    break
        return found

    def _skeletons(self, q: str) -> list[str]:
        """Initials strings a mixed query can start with, one per way to read it, shortest covering set.

        A Han char gives each of its initials; a latin run is cut into syllable prefixes every possible
        way (``ban`` is 办, or 备+案). Readings made of whole syllables only (a partial last one allowed)
        are skipped for pure latin input: the full-pinyin keys already answered them.
        """
        pure_latin = not any(is_han(c) for c in q)
        found: set[str] = set()
        budget = [_SKELETON_STEPS]

        def walk(i: int, acc: str, whole: bool) -> None:
            budget[0] -= 1
            if budget[0] < 0 or len(found) >= _SKELETON_MAX:
                return
            if i == len(q):
                if not (pure_latin and whole):
                    found.add(acc)
                return
            c = q[i]
            if is_han(c):
                for initial in sorted(self.char_initial.get(c, ())):
                    walk(i + 1, acc + initial, False)
                return
            for k in range(min(_LONGEST_SYLLABLE, len(q) - i), 0, -1):
                token = q[i : i + k]
                if token in self.syllable_prefixes and not any(is_han(x) for x in token):
                    last = i + k == len(q)
                    walk(i + k, acc + token[0], whole and (last or token in self.syllables))

        walk(0, "", True)
        kept: list[str] = []
        for skeleton in sorted(found, key=len):
            if not any(skeleton.startswith(k) for k in kept):
                kept.append(skeleton)
        return kept

    def _initials_starting(self, skeleton: str) -> Iterator[int]:
        """Entries of initials keys that start with ``skeleton``, in entry order."""
        keys, forms = self.keys, self.form_of
        for e in self.postings.get(skeleton[: _rung(len(skeleton))], ()):
            if forms[e] == FORM_INITIALS and keys[e].startswith(skeleton):
                yield e

    def _find_mixed(self, q: str) -> Iterator[int]:
        """Targets whose syllables match ``q`` read as characters, whole syllables or their prefixes,
        best first (the candidate lists are merged in entry order, which is rank order)."""
        lists = [self._initials_starting(skeleton) for skeleton in self._skeletons(q)]
        last = -1
        for e in heapq.merge(*lists):
            if e == last:
                continue
            last = e
            chars, pys = self.terms[self.term_of[e]]
            if _match(q, 0, chars, pys, self.pos_of[e]):
                yield self.owner[e]


def _rung(length: int) -> int:
    """The longest indexed prefix length not longer than ``length``."""
    best = LADDER[0]
    for k in LADDER:
        if k > length:
            break
        best = k
    return best


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

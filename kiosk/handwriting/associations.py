"""Next-character associations: after 居, propose 住 (居住), then 证 (居住证).

Built from pinyinIME's word table (the pinyin engine the keyboard already uses, words with frequency
scores): for every word, its first one or two characters predict the next one, weighted by the word's
score. Building the map takes ~3 s of CPU, so :class:`Associations` builds it on a background thread;
until it is ready, :meth:`Associations.next_chars` answers an empty list. ``extra_words`` (for example
the catalog's service names) are boosted so that a hall's own words come first.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

CONTEXT = 2
"""How many of the last chosen characters predict the next one."""
EXTRA_WEIGHT = 1_000_000


def _table_path() -> Path:
    import pinyinIME  # imported lazily: only the loader thread needs it

    return Path(pinyinIME.__file__).parent / "data" / ".pinyin_prism_table.pkl"


def pinyin_ime_words() -> Iterator[tuple[str, int]]:
    """Every word of two or more characters in pinyinIME's table, with its frequency score."""
    with _table_path().open("rb") as f:
        _prism, table, _chars = pickle.load(f)  # the package's own cache file, not outside data
    stack = [table._root]
    while stack:
        node = stack.pop()
        for key, value in node.items():
            if key == "_entries":
                yield from ((e.word, int(e.score)) for e in value if len(e.word) >= 2)
            else:
                stack.append(value)


def _cjk(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def build_map(words: Iterable[tuple[str, int]]) -> dict[str, Counter[str]]:
    """Prefix (1..CONTEXT characters) to next-character weights, from ``(word, score)`` pairs."""
    nxt: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for word, score in words:
        if not _cjk(word):
            continue
        for k in range(1, CONTEXT + 1):
            if len(word) > k:
                nxt[word[:k]][word[k]] += max(score, 1)
    return dict(nxt)


class Associations:
    """Proposes likely next characters for the text chosen so far; thread-safe."""

    def __init__(self, extra_words: Iterable[str] = (), *, preload: bool = True) -> None:
        self._extra = [w for w in extra_words if len(w) >= 2]
        self._map: dict[str, Counter[str]] = {}
        self._ready = threading.Event()
        self._started = False
        self._lock = threading.Lock()
        if preload:
            self.start_loading()

    def start_loading(self) -> None:
        """Start building the map on a background thread (once)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._load, name="associations", daemon=True).start()

    def _load(self) -> None:
        try:
            words: list[tuple[str, int]] = list(pinyin_ime_words())
        except (OSError, pickle.UnpicklingError, AttributeError, ImportError, ValueError) as exc:
            log.warning("pinyinIME word table unreadable, associations from extra words only: %s", exc)
            words = []
        words += [(w, EXTRA_WEIGHT) for w in self._extra]
        self._map = build_map(words)
        self._ready.set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the map is built (starting the build if needed)."""
        self.start_loading()
        return self._ready.wait(timeout)

    def next_chars(self, text: str, limit: int = 10) -> list[str]:
        """Up to ``limit`` likely next characters after ``text``: the longest known context first."""
        if not self._ready.is_set():
            return []
        chosen: list[str] = []
        for k in range(min(CONTEXT, len(text)), 0, -1):
            for char, _weight in self._map.get(text[-k:], Counter()).most_common(limit):
                if char not in chosen:
                    chosen.append(char)
            if len(chosen) >= limit:
                break
        return chosen[:limit]

"""Pinyin input for the on-screen keyboard: full pinyin and initials to Chinese candidates.

Backed by ``pinyinIME`` (pure Python). Its table takes 1-2 s of CPU to load, so :class:`PinyinInput`
loads it on a background thread: at construction (``preload=True``), or when :meth:`start_loading` is
called (the kiosk does so once its home screen is up, so the load does not slow the first frame), or
at the latest on the first query or :meth:`wait_ready`. Until it is ready, candidates are empty and
the keyboard shows the letters typed. Emoji are never proposed (``load_emoji=False`` plus a filter that
keeps only CJK ideographs): a government form has no place for them.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f·]+$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word the citizen can pick, and how many typed letters it consumes."""

    word: str
    consumed: int


class PinyinInput:
    """Turns typed letters into candidate words; thread-safe, loads its table in the background."""

    def __init__(self, *, preload: bool = True) -> None:
        self._engine: Any = None
        self._ready = threading.Event()
        self._failed = ""
        self._started = threading.Lock()
        self._loading = False
        if preload:
            self.start_loading()

    def start_loading(self) -> None:
        """Load the table on a background thread (once; later calls do nothing)."""
        with self._started:
            if self._loading:
                return
            self._loading = True
        threading.Thread(target=self._load, name="pinyin-load", daemon=True).start()

    def _load(self) -> None:
        try:
            from pinyinIME.engine import PinyinEngine

            self._engine = PinyinEngine(load_emoji=False)
        except Exception as exc:  # noqa: BLE001 - typing letters must keep working without the table
            self._failed = str(exc)
            log.error("pinyin table failed to load: %s", exc)
        finally:
            self._ready.set()

    def load(self) -> None:
        """Load the table now, on this thread (waits for a background load already under way)."""
        with self._started:
            start_here = not self._loading
            self._loading = True
        if start_here:
            self._load()
        else:
            self._ready.wait()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the table (starting its load if needed); True when ready."""
        self.start_loading()
        self._ready.wait(timeout)
        return self._engine is not None

    @property
    def settled(self) -> bool:
        """True once a load has finished, with or without a table (see :attr:`ready`)."""
        return self._ready.is_set()

    @property
    def ready(self) -> bool:
        """True once the table is loaded."""
        return self._engine is not None

    def candidates(self, letters: str, limit: int = 9) -> list[Candidate]:
        """Up to ``limit`` Chinese candidates for ``letters`` (pinyin or initials), best first."""
        if not self._loading:
            self.start_loading()
        letters = letters.strip().lower()
        if not letters or not letters.isascii() or not letters.isalpha() or self._engine is None:
            return []
        try:
            segments = self._engine.segment(letters)
            answer = self._engine.query(letters, 0, limit * 2)
        except Exception as exc:  # noqa: BLE001 - a bad query must not break the keyboard
            log.warning("pinyin query failed: %s", exc)
            return []
        found: list[Candidate] = []
        seen: set[str] = set()
        for item in answer.get("candidates", []):
            word = item.get("word", "")
            if not word or word in seen or not _CJK_ONLY.match(word):
                continue
            seen.add(word)
            count = len(item.get("syllables", [])) or 1
            consumed = sum(len(s) for s in segments[:count]) if segments else len(letters)
            found.append(Candidate(word, min(consumed, len(letters))))
            if len(found) >= limit:
                break
        return found

"""A thin ctypes binding to zinnia's C API (Debian's ``libzinnia0``), the handwriting engine.

Only what the kiosk uses: open a model, classify one character, read the n best answers. A
:class:`ZinniaModel` is not thread-safe; :class:`kiosk.handwriting.recognizer.Recognizer` owns one on
its worker thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.handwriting.errors import EngineUnavailable

LIBRARY_NAMES = ("libzinnia.so.0", "zinnia")
CANVAS = 1000
"""Strokes are given in a square of this side (see :mod:`kiosk.handwriting.strokes`)."""

Stroke = Sequence[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One recognised character and zinnia's score for it (higher is better)."""

    char: str
    score: float


def _load_library() -> ctypes.CDLL:
    """Load libzinnia and declare the prototypes used here."""
    errors = []
    for name in LIBRARY_NAMES:
        path = name if name.startswith("lib") else ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as exc:
            errors.append(str(exc))
    else:
        raise EngineUnavailable(
            "手写识别引擎 libzinnia 未安装 / the handwriting engine libzinnia is not installed "
            f"(apt-get install libzinnia0) {'; '.join(errors)}"
        )
    p, c_int, size_t = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
    protos: dict[str, tuple[type | None, list[type]]] = {
        "zinnia_recognizer_new": (p, []),
        "zinnia_recognizer_open": (c_int, [p, ctypes.c_char_p]),
        "zinnia_recognizer_strerror": (ctypes.c_char_p, [p]),
        "zinnia_recognizer_classify": (p, [p, p, size_t]),
        "zinnia_recognizer_destroy": (None, [p]),
        "zinnia_character_new": (p, []),
        "zinnia_character_set_width": (None, [p, size_t]),
        "zinnia_character_set_height": (None, [p, size_t]),
        "zinnia_character_add": (c_int, [p, size_t, c_int, c_int]),
        "zinnia_character_clear": (None, [p]),
        "zinnia_character_destroy": (None, [p]),
        "zinnia_result_value": (ctypes.c_char_p, [p, size_t]),
        "zinnia_result_score": (ctypes.c_float, [p, size_t]),
        "zinnia_result_size": (size_t, [p]),
        "zinnia_result_destroy": (None, [p]),
    }
    for name, (restype, argtypes) in protos.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


class ZinniaModel:
    """An opened zinnia model; :meth:`classify` turns strokes into ranked candidates."""

    def __init__(self, model_path: str | Path) -> None:
        self._rec: int | None = None
        path = Path(model_path)
        if not path.is_file():
            raise EngineUnavailable(
                f"手写识别模型不存在 / handwriting model not found: {path} "
                "(apt-get install tegaki-zinnia-simplified-chinese, or set [handwriting] model_path)"
            )
        self._lib = _load_library()
        self._rec = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._rec, str(path).encode()):
            reason = (self._lib.zinnia_recognizer_strerror(self._rec) or b"").decode(errors="replace")
            self._lib.zinnia_recognizer_destroy(self._rec)
            self._rec = None
            raise EngineUnavailable(f"手写识别模型无法打开 / cannot open handwriting model {path}: {reason}")
        self._char = self._lib.zinnia_character_new()
        self.path = path

    def classify(self, strokes: Sequence[Stroke], top: int = 10) -> list[Candidate]:
        """The ``top`` best characters for ``strokes`` (points in the 0-1000 square), best first."""
        if self._rec is None:
            raise EngineUnavailable("手写识别模型已关闭 / handwriting model is closed")
        lib = self._lib
        lib.zinnia_character_clear(self._char)
        lib.zinnia_character_set_width(self._char, CANVAS)
        lib.zinnia_character_set_height(self._char, CANVAS)
        for index, stroke in enumerate(strokes):
            for x, y in stroke:
                lib.zinnia_character_add(self._char, index, int(x), int(y))
        result = lib.zinnia_recognizer_classify(self._rec, self._char, max(1, top))
        if not result:
            return []
        try:
            return [
                Candidate(lib.zinnia_result_value(result, i).decode("utf-8"), float(lib.zinnia_result_score(result, i)))
                for i in range(lib.zinnia_result_size(result))
            ]
        finally:
            lib.zinnia_result_destroy(result)

    def close(self) -> None:
        """Free the engine's memory; the model cannot classify afterwards."""
        if self._rec is not None:
            self._lib.zinnia_character_destroy(self._char)
            self._lib.zinnia_recognizer_destroy(self._rec)
            self._rec = None

    def __del__(self) -> None:
        self.close()

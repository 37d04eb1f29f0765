"""The recogniser: zinnia on a worker thread, fed by a queue, answering through a callback.

The UI thread calls :meth:`Recognizer.submit` after each stroke pause; the worker classifies the
latest request only (older ones still waiting are dropped: the citizen has written more since) and
calls ``on_result(request_id, candidates)`` from the worker thread. A Kivy widget hands that on to
the UI thread with ``Clock.schedule_once``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.handwriting.errors import HandwritingError
from kiosk.handwriting.zinnia import Candidate, Stroke, ZinniaModel

log = logging.getLogger(__name__)

ResultCallback = Callable[[int, list[Candidate]], None]
ErrorCallback = Callable[[int, HandwritingError], None]


@dataclass(frozen=True, slots=True)
class _Request:
    request_id: int
    strokes: tuple[tuple[tuple[int, int], ...], ...]
    top: int


class Recognizer:
    """Owns a :class:`ZinniaModel` on its own thread; :meth:`submit` never blocks the caller."""

    def __init__(
        self, model_path: str | Path, on_result: ResultCallback, on_error: ErrorCallback | None = None
    ) -> None:
        self._model_path = Path(model_path)
        self._on_result = on_result
        self._on_error = on_error
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._next_id = 0
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self.load_error: HandwritingError | None = None
        self._thread = threading.Thread(target=self._run, name="handwriting", daemon=True)
        self._thread.start()

    def submit(self, strokes: Sequence[Stroke], top: int = 10) -> int:
        """Queue ``strokes`` for recognition; returns the request id the callback will carry."""
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
        frozen = tuple(tuple((int(x), int(y)) for x, y in s) for s in strokes)
        self._queue.put(_Request(request_id, frozen, top))
        return request_id

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the model is loaded (or failed to load: see :attr:`load_error`)."""
        return self._ready.wait(timeout)

    def close(self, timeout: float | None = 5.0) -> None:
        """Stop the worker after the request it is on; pending requests are dropped."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _latest(self, request: _Request) -> _Request | None:
        """The newest request queued so far (``None`` if asked to stop)."""
        while True:
            try:
                newer = self._queue.get_nowait()
            except queue.Empty:
                return request
            if newer is None:
                return None
            request = newer

    def _run(self) -> None:
        model: ZinniaModel | None = None
        try:
            model = ZinniaModel(self._model_path)
        except HandwritingError as exc:
            self.load_error = exc
            log.warning("handwriting model not loaded: %s", exc.message)
        finally:
            self._ready.set()
        while True:
            item = self._queue.get()
            request = None if item is None else self._latest(item)
            if request is None:
                break
            if model is None:
                if self._on_error is not None and self.load_error is not None:
                    self._on_error(request.request_id, self.load_error)
                continue
            try:
                candidates = model.classify(request.strokes, request.top)
            except HandwritingError as exc:
                if self._on_error is not None:
                    self._on_error(request.request_id, exc)
                continue
            self._on_result(request.request_id, candidates)
        if model is not None:
            model.close()

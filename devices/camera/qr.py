"""QR codes and barcodes from the camera stream (receipts carry a progress-query QR code)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.capture import CaptureCamera
from devices.camera.events import CodeRead


@dataclass(frozen=True)
class Code:
    """One decoded code: its text, its kind (``QR`` or a barcode type) and its corners in the frame."""

    text: str
    symbology: str
    points: tuple[tuple[float, float], ...] = ()


class CodeReader:
    """OpenCV's QR detectors plus its 1-D barcode detector (EAN, UPC, Code 128 …); one per thread.

    The ArUco-based QR detector finds tilted and rotated codes the classic one misses; the classic one is
    the fallback on builds without it.
    """

    def __init__(self) -> None:
        self._qr = cv2.QRCodeDetectorAruco() if hasattr(cv2, "QRCodeDetectorAruco") else cv2.QRCodeDetector()
        self._barcode = cv2.barcode.BarcodeDetector() if hasattr(cv2, "barcode") else None

    def read(self, frame: np.ndarray) -> list[Code]:
        """Every code readable in ``frame`` (empty when none; never raises on odd frames)."""
        if frame is None or frame.ndim not in (2, 3) or min(frame.shape[:2]) < 21:
            return []
        codes: list[Code] = []
        try:
            ok, texts, points, _ = self._qr.detectAndDecodeMulti(frame)
        except cv2.error:
            ok, texts, points = False, (), None
        if ok:
            for text, pts in zip(texts, points if points is not None else [], strict=False):
                if text:
                    codes.append(Code(text, "QR", tuple((float(x), float(y)) for x, y in pts)))
        if self._barcode is not None:
            try:
                ok, texts, kinds, points = self._barcode.detectAndDecodeWithType(frame)
            except cv2.error:
                ok = False
            if ok:
                for text, kind, pts in zip(texts, kinds, points if points is not None else [], strict=False):
                    if text:
                        codes.append(Code(text, str(kind), tuple((float(x), float(y)) for x, y in pts)))
        return codes


class CodeWatcher:
    """A thread reading codes from a camera's newest frames and publishing :class:`CodeRead` on it.

    The same text is published again only after ``repeat_s`` seconds (a receipt held up stays in view).
    """

    def __init__(self, camera: CaptureCamera, repeat_s: float = 3.0) -> None:
        self.camera = camera
        self.repeat_s = repeat_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: dict[str, float] = {}

    def start(self) -> None:
        """Start watching (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"codes-{self.camera.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and forget what was read."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._last.clear()

    def _run(self) -> None:
        reader = CodeReader()
        seen = 0
        while not self._stop.is_set():
            got = self.camera.wait_frame(seen, timeout=0.5)
            if got is None:
                continue
            seen, frame = got
            now = time.monotonic()
            for code in reader.read(frame):
                if now - self._last.get(code.text, -1e9) >= self.repeat_s:
                    self._last[code.text] = now
                    self.camera.publish(CodeRead(self.camera.name, code.text, code.symbology))

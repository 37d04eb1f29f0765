"""Live camera picture with the detected page outlined, or a captured page for review.

Frames arrive as plain numpy arrays (BGR) from the kiosk's materials part; this widget only turns them
into textures on the UI thread. Corners are in frame pixels (TL, TR, BR, BL)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from kivy.core.image import Image as CoreImage
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.image import Image


class CameraView(Image):
    """An image that shows camera frames (with an outline) or a JPEG page."""

    outline = ListProperty([])
    """Line points of the detected page in widget coordinates (empty: no page seen)."""
    has_picture = BooleanProperty(False)
    outlines_shown = NumericProperty(0)
    """How many live frames were shown with a page outline (for tests and the technician)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._frame_size: tuple[int, int] = (0, 0)
        self._corners: np.ndarray | None = None
        self.bind(size=self._place_outline, pos=self._place_outline)

    def show_frame(self, frame: np.ndarray | None, corners: np.ndarray | None = None) -> None:
        """Show a BGR (or grey) frame and outline ``corners`` on it."""
        if frame is None:
            return
        if frame.ndim == 2:
            frame = np.repeat(frame[..., None], 3, axis=2)
        h, w = frame.shape[:2]
        texture = self.texture
        if texture is None or (texture.width, texture.height) != (w, h) or self._frame_size != (w, h):
            texture = Texture.create(size=(w, h), colorfmt="bgr")
            texture.flip_vertical()
            self._frame_size = (w, h)
        texture.blit_buffer(np.ascontiguousarray(frame).tobytes(), colorfmt="bgr", bufferfmt="ubyte")
        self.texture = texture
        self.canvas.ask_update()
        self._corners = None if corners is None else np.asarray(corners, dtype=float)
        self.has_picture = True
        self._place_outline()
        if self.outline:
            self.outlines_shown += 1

    def show_jpeg(self, data: bytes) -> None:
        """Show a captured page (JPEG bytes) without an outline."""
        self.texture = CoreImage(io.BytesIO(data), ext="jpg").texture
        self._frame_size = (0, 0)
        self._corners = None
        self.has_picture = True
        self._place_outline()

    def clear(self) -> None:
        """Show nothing (no personal picture kept on screen)."""
        self.texture = None
        self._corners = None
        self.outline = []
        self.has_picture = False

    def _place_outline(self, *_args: Any) -> None:
        fw, fh = self._frame_size
        if self._corners is None or not fw or not fh:
            self.outline = []
            return
        dw, dh = self.norm_image_size
        x0, y0 = self.center_x - dw / 2, self.center_y - dh / 2
        points: list[float] = []
        for x, y in (*self._corners, self._corners[0]):
            points += [x0 + x / fw * dw, y0 + (fh - y) / fh * dh]
        self.outline = points


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

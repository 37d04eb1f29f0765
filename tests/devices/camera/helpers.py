"""Helpers shared by camera tests."""

from __future__ import annotations

import cv2
import numpy as np
import qrcode

from devices.camera.simulated import SimulatedCamera


def show_now(camera: SimulatedCamera, image: np.ndarray | None) -> None:
    """Pin ``image`` and wait until frames read after the pin are the latest (two frames later)."""
    camera.show(image)
    number = camera.frame_number
    assert camera.wait_frame(number + 1, timeout=3) is not None
    assert camera.wait_frame(number + 2, timeout=3) is not None


def qr_frame(text: str, size: int = 220, angle: float = 0.0) -> np.ndarray:
    """A 640×480 frame with a QR code of ``text``, optionally rotated by ``angle`` degrees."""
    qr = qrcode.QRCode(border=4)
    qr.add_data(text)
    qr.make(fit=True)
    code = np.where(np.array(qr.get_matrix()), 0, 255).astype(np.uint8)
    code = cv2.resize(code, (size, size), interpolation=cv2.INTER_NEAREST)
    frame = np.full((480, 640), 90, np.uint8)
    frame[130 : 130 + size, 210 : 210 + size] = code
    if angle:
        frame = cv2.warpAffine(frame, cv2.getRotationMatrix2D((320, 240), angle, 1.0), (640, 480), borderValue=90)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)

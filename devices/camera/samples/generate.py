"""Regenerate the simulator's sample frames (developer tool; needs scikit-image, a test dependency).

- ``1_face.jpg``: the astronaut portrait (Eileen Collins, NASA, public domain, shipped in scikit-image as
  ``skimage/data/astronaut.png``), cropped so the face passes every quality gate.
- ``2_face_turned.jpg``: scikit-image's ``camera.png`` (CC0, Lav Varshney): a man seen from the side.
- ``3_desk.jpg``: a synthetic desk photo with a page (``devices.camera.synthetic``).
- ``4_receipt_qr.jpg``: a receipt-like card with a progress-query QR code (``qrcode``).

Run ``.venv/bin/python -m devices.camera.samples.generate``; the files are written next to this script.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.camera.samples import FOLDER
from devices.camera.synthetic import desk_photo

SAMPLE_QR_TEXT = "KIOSK-QUERY:TZ20261124000123"
"""What the shipped receipt's QR code says (a case-number query)."""


def face_frame() -> np.ndarray:
    """The astronaut's face centred in a 640×480 frame."""
    from skimage import data  # test dependency: imported only when regenerating

    image = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    return cv2.resize(image[0:240, 90:410], (640, 480), interpolation=cv2.INTER_CUBIC)


def turned_frame() -> np.ndarray:
    """The cameraman in profile, 640×480."""
    from skimage import data

    grey = data.camera()[20:260, 60:380]
    return cv2.resize(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), (640, 480), interpolation=cv2.INTER_CUBIC)


def receipt_frame(text: str = SAMPLE_QR_TEXT) -> np.ndarray:
    """A receipt lying on a dark desk with a QR code printed on it, 640×480."""
    matrix = np.array(_qr_matrix(text))
    code: np.ndarray = np.where(matrix, 0, 255).astype(np.uint8)
    code = cv2.resize(code, (200, 200), interpolation=cv2.INTER_NEAREST)
    frame = np.full((480, 640, 3), 50, np.uint8)
    cv2.rectangle(frame, (180, 40), (460, 440), (240, 242, 242), -1)
    frame[200:400, 220:420] = code[..., None]
    for y in range(70, 180, 22):
        cv2.rectangle(frame, (210, y), (430 - (y % 3) * 30, y + 8), (40, 40, 40), -1)
    return frame


def _qr_matrix(text: str) -> list[list[bool]]:
    import qrcode

    qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def main() -> None:
    """Write every sample next to this script."""
    rng = np.random.default_rng(11)
    desk = desk_photo(rng, (960, 720), background="wood", noise=3.0).image
    frames = {
        "1_face.jpg": face_frame(),
        "2_face_turned.jpg": turned_frame(),
        "3_desk.jpg": desk,
        "4_receipt_qr.jpg": receipt_frame(),
    }
    for name, frame in frames.items():
        cv2.imwrite(str(FOLDER / name), frame, [cv2.IMWRITE_JPEG_QUALITY, 80])
        print(name, (FOLDER / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()

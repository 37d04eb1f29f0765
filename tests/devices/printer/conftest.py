"""Fixtures for the printer tests: shipped profiles, a running TCP printer simulator, the CJK font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.printer.fonts import find_cjk_font
from devices.printer.profile import PrinterProfile, load_profile
from devices.printer.simulator import TcpPrinterSimulator

ROOT = Path(__file__).resolve().parents[3]
PROFILES = ROOT / "config" / "printers"


@pytest.fixture(scope="session")
def profile80() -> PrinterProfile:
    return load_profile(PROFILES / "generic-80mm.toml")


@pytest.fixture(scope="session")
def profile58() -> PrinterProfile:
    return load_profile(PROFILES / "generic-58mm.toml")


@pytest.fixture(scope="session")
def cjk_font() -> str:
    font = find_cjk_font()
    assert font is not None, "a Chinese font is needed (fonts-wqy-microhei)"
    return font


@pytest.fixture
def simulator() -> Iterator[TcpPrinterSimulator]:
    sim = TcpPrinterSimulator("ok").start()
    yield sim
    sim.stop()


def decode_qr(image) -> str:
    """The text of the QR code OpenCV finds in a PIL image ('' when none)."""
    array = np.array(image.convert("L"))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(array)
    return text

"""Signature pad: a finger stroke becomes ink and an in-memory PNG; a tap is not a signature."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def test_stroke_signs_and_exports_png(ui) -> None:  # noqa: ANN001
    from kivy.uix.modalview import ModalView

    from screens.walkthrough.driver import swipe
    from screens.widgets.signature_pad import SignaturePad

    view = ModalView(size_hint=(0.9, 0.3), auto_dismiss=False)
    pad = SignaturePad()
    view.add_widget(pad)
    view.open(animation=False)
    ui.pump(3)
    try:
        ui.tap(pad)
        assert not pad.signed, "a tap is not a signature"
        swipe(ui, pad)
        assert pad.signed
        png = pad.png_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 500
        ui.screenshot(ui.artifacts / "signature.png")
        pad.clear()
        assert not pad.signed
    finally:
        view.dismiss(animation=False)
        ui.pump(2)

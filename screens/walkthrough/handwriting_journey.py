"""Walk-through ``handwriting``: a citizen who cannot type pinyin finds 居住证 by writing 居 on the 手写 pad
and taking 住 and 证 from the suggestions, then opens the item's guide."""

from __future__ import annotations

from kiosk.handwriting.samples import sample_strokes
from screens.walkthrough.driver import UiDriver, _Touch
from screens.walkthrough.journeys import expect


def write_strokes(d: UiDriver, ink: object, strokes: list[list[list[float]]]) -> None:
    """Draw ``strokes`` (0-1000 square, y down) on the ``ink`` widget with a finger, as a person writes."""
    from kivy.base import EventLoop

    side = min(ink.width, ink.height)  # type: ignore[attr-defined]
    left, top = ink.center_x - side / 2, ink.center_y + side / 2  # type: ignore[attr-defined]

    def window(px: float, py: float) -> tuple[float, float]:
        return ink.to_window(left + px * side / 1000, top - py * side / 1000)  # type: ignore[attr-defined,no-any-return]

    for stroke in strokes:
        points = [(float(stroke[0][0]), float(stroke[0][1]))]
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            points += [(x0 + (x1 - x0) * k / 4, y0 + (y1 - y0) * k / 4) for k in range(1, 5)]
        touch = _Touch(*window(*points[0]))
        EventLoop.post_dispatch_input("begin", touch)
        for px, py in points[1:]:
            x, y = window(px, py)
            touch.move({"x": x, "y": y})
            EventLoop.post_dispatch_input("update", touch)
        EventLoop.post_dispatch_input("end", touch)
        d.pump(1)


def open_pad(d: UiDriver) -> object:
    """From home: 我要办事, the search field, then the keyboard's 手写 key; the pad once it is ready."""
    d.services.session.start("apply")
    d.wait_until(lambda: d.current == "catalog", 5, "the catalog")
    d.pump(3)
    d.tap("search")
    expect(d.find("keyboard").parent is not None, "tapping the search field opens the keyboard")
    d.tap("mode_handwriting")
    pad = d.find("hw_pad")
    expect(pad._engine.recognizer.wait_ready(30) and pad._engine.recognizer.load_error is None, "the engine loads")
    expect(pad._engine.associations.wait_ready(60), "the suggestions are ready")
    d.pump(3)
    return pad


def pick(d: UiDriver, pad: object, char: str) -> None:
    """Tap ``char`` among the pad's candidates."""
    candidates = pad.candidates  # type: ignore[attr-defined]
    expect(char in candidates, f"{char} among the candidates {candidates}")
    d.tap(f"hw_cand_{candidates.index(char)}")


def handwriting_journey(d: UiDriver) -> None:
    """Write 居, take 住 and 证, see 居住证 first in the results, open its guide."""
    strokes = sample_strokes()
    pad = open_pad(d)
    d.auto_shot("handwriting-pad")
    write_strokes(d, d.find("ink"), strokes["居"])
    d.wait_until(lambda: bool(pad.candidates) and not pad.associating, 10, "candidates after the pause")  # type: ignore[attr-defined]
    d.auto_shot("handwriting-written")
    pick(d, pad, "居")
    d.auto_shot("handwriting-suggestions")
    pick(d, pad, "住")
    pick(d, pad, "证")
    expect(d.find("search").text == "居住证", "the search field reads 居住证")
    d.tap("hw_back")
    d.pump(3)
    expect(d.find("result_0").title.startswith("居住证"), "居住证 is the first result")
    d.auto_shot("handwriting-found")
    d.tap("result_0")
    d.wait_until(lambda: d.current == "guide", 5, "the guide of 居住证")
    d.auto_shot("handwriting-guide")
    d.services.session.end("walkthrough done")
    d.pump(3)

"""Review: everything entered (masked), edit links back to each step, and the signature pad."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import StringProperty

from kiosk.events import SessionEnded
from kiosk.session import Step
from screens.base import KioskScreen
from screens.widgets.signature_pad import SignaturePad  # noqa: F401 - registers the kv class


class ReviewScreen(KioskScreen):
    """Summary rows with edit buttons; 'next' needs a signature and nothing left to fix."""

    message = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        self._pools: dict[str, list] = {}
        super().__init__(**kwargs)

    def on_kv_post(self, _base_widget: object) -> None:
        """Wipe the summary and the signature when the session ends."""
        App.get_running_app().bridge.on(SessionEnded, lambda _e: self.clear())

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.submission.Submission
        """The submission part of the journey."""
        return self.services.journey.submission

    def on_pre_enter(self, *_args: object) -> None:
        """Rebuild the summary from the session each time the screen shows."""
        self.message = ""
        self.refresh()

    def _row(self, kind: str, index: int):  # noqa: ANN202 - a ReviewRow or ReviewProblem widget
        """The ``index``-th pooled row of ``kind`` (rows are reused, never rebuilt: flat memory)."""
        pool = self._pools.setdefault(kind, [])
        while len(pool) <= index:
            widget = getattr(Factory, kind)()
            widget.step_name = ""
            widget.ids.edit.bind(on_release=lambda _b, w=widget: self.edit(w.step_name))
            pool.append(widget)
        return pool[index]

    def refresh(self) -> None:
        """Fill the summary and problems lists."""
        rows_box = self.ids.rows
        rows_box.clear_widgets()
        for key in [k for k in self.ids if k.startswith(("edit_", "row_"))]:
            del self.ids[key]
        try:
            rows = self.part.summary()
            problems = self.part.problems()
        except Exception as exc:  # noqa: BLE001 - nothing chosen yet: say so, keep the way back
            rows, problems = [], [("catalog", str(exc))]
        for index, (step, text) in enumerate(problems):
            widget = self._row("ReviewProblem", index)
            widget.text, widget.step_name = text, step
            self.ids[f"edit_problem_{index}"] = widget.ids.edit
            rows_box.add_widget(widget, index=len(rows_box.children))
        seen: set[str] = set()
        for index, row in enumerate(rows):
            widget = self._row("ReviewRow", index)
            widget.label, widget.value, widget.step_name = row.label, row.value, row.step
            if row.step not in seen:
                self.ids[f"edit_{row.step}"] = widget.ids.edit
                seen.add(row.step)
            self.ids[f"row_{index}"] = widget
            rows_box.add_widget(widget, index=0)
        self.ids.problems_title.opacity = 1 if problems else 0
        self._has_problems = bool(problems)

    def edit(self, step: str) -> None:
        """Jump back to the step that edits this row."""
        self.services.journey.machine.go_to(Step(step))

    def clear_signature(self) -> None:
        """Wipe the pad and the stored signature."""
        self.ids.signature_pad.clear()
        self.part.set_signature(b"")

    def confirm(self) -> None:
        """Keep the signature and move on to delivery; the journey says why not (something to fix, no
        signature) and the screen shows it. The ink is kept only when nothing needs fixing."""
        pad = self.ids.signature_pad
        if pad.signed and not getattr(self, "_has_problems", True):
            self.part.set_signature(pad.png_bytes())
        self.message = self.services.journey.machine.advance() or ""

    def clear(self) -> None:
        """Drop every personal text and the ink (session end)."""
        self.ids.rows.clear_widgets()
        for key in [k for k in self.ids if k.startswith(("edit_", "row_"))]:
            del self.ids[key]
        for pool in self._pools.values():
            for widget in pool:
                for name in ("label", "value", "text"):
                    if hasattr(widget, name):
                        setattr(widget, name, "")
        self.ids.signature_pad.clear()
        self.message = ""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

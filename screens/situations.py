"""Situation questions (情形): one question at a time with big answer buttons, and the materials they
lead to; 'next' opens the form once every question that matters is answered."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty

from kiosk.events import SessionEnded
from screens.base import KioskScreen


class SituationsScreen(KioskScreen):
    """Asks the pending questions of the plan and lists the resulting materials."""

    question_text = StringProperty("")
    progress_text = StringProperty("")
    answered_text = StringProperty("")
    materials_text = StringProperty("")
    target_name = StringProperty("")
    complete = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        app = App.get_running_app()
        app.bridge.on(SessionEnded, lambda _e: self.clear())
        app.bind(language=lambda *_a: self.refresh() if self.manager and self.manager.current == self.name else None)

    @property
    def filling(self):  # noqa: ANN201 - kiosk.journey.filling.Filling
        """The situations-and-form part of the journey."""
        return self.services.journey.filling

    def on_pre_enter(self, *_args: object) -> None:
        """Compute the plan for the chosen target and show its first open question."""
        self.filling.plan()
        self.refresh()

    def on_leave(self, *_args: object) -> None:
        """Nothing personal stays in the widgets off screen."""
        self.clear()

    def clear(self) -> None:
        """Empty every text and button."""
        self.question_text = self.progress_text = self.answered_text = self.materials_text = ""
        self.target_name = ""
        self.complete = False
        self._set_choices([])

    def refresh(self) -> None:
        """Show the next open question (or that all are answered) and the materials list."""
        app = App.get_running_app()
        plan = self.filling.current_plan()
        english = self.services.english()
        self.target_name = plan.display_name(self.services.session.language)
        question = self.filling.next_question()
        asked = plan.questions
        if question is None:
            self.question_text = app.t("situations.done" if asked else "situations.none")
            self.progress_text = ""
            self._set_choices([])
        else:
            self.question_text = (question.text_en or question.text) if english else question.text
            n = [q.id for q in asked].index(question.id) + 1
            self.progress_text = app.t("situations.progress", n=n, total=len(asked))
            self._set_choices(
                [(c.value, (c.label_en or c.label) if english else c.label) for c in question.choices], question.id
            )
        lines = []
        for q in asked:
            answer = self.filling.answer_of(q.id)
            if answer:
                label = next((c for c in q.choices if c.value == answer), None)
                shown = ((label.label_en or label.label) if english else label.label) if label else answer
                lines.append(f"· {(q.text_en or q.text) if english else q.text}  {shown}")
        self.answered_text = (app.t("situations.answered") + "\n" + "\n".join(lines)) if lines else ""
        names = self.filling.material_names()
        self.materials_text = "\n".join(f"{i}. {name}" for i, name in enumerate(names, 1))
        self.complete = plan.complete

    def _set_choices(self, choices: list[tuple[str, str]], question_id: str = "") -> None:
        box = self.ids.get("choices")
        if box is None:
            return
        for key in [k for k in self.ids if k.startswith("choice_")]:
            del self.ids[key]
        box.clear_widgets()
        for value, label in choices:
            button = Factory.KioskButton(text=label)
            button.bind(on_release=lambda _b, v=value, q=question_id: self.choose(q, v))
            box.add_widget(button)
            self.ids[f"choice_{value}"] = button

    def choose(self, question_id: str, value: str) -> None:
        """Record an answer and move on to the next question."""
        self.filling.answer(question_id, value)
        self.refresh()

    def restart(self) -> None:
        """Forget every answer and ask again from the first question."""
        self.services.session.draft.answers.clear()
        self.filling.plan()
        self.refresh()

    def go_next(self) -> None:
        """To the form, once every question is answered (the journey refuses before)."""
        self.services.journey.machine.advance()

    def go_back(self) -> None:
        """One step back."""
        self.services.journey.machine.back()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

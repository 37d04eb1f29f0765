"""The application form: fields pre-filled from the identity, the on-screen keyboard switching mode per
field (pinyin, ID pad, digits, letters), inline validation in the session language, address pickers;
'next' stays disabled until the whole form is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.textinput import TextInput

from kiosk.events import SessionEnded
from screens.base import KioskScreen
from screens.widgets.address_picker import AddressPicker
from screens.widgets.keyboard import OnScreenKeyboard

TEXT_KINDS = frozenset({"text", "name", "id_number", "phone", "date", "number", "money"})


class FormInput(TextInput):
    """A single-line input of one form field; focusing it points the keyboard at it."""

    field_name = StringProperty("")
    keyboard_kind = StringProperty("pinyin")


class FormScreen(KioskScreen):
    """Builds one row per visible field: label, input, inline error."""

    valid = BooleanProperty(False)
    summary = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._touched: set[str] = set()
        self._built = False
        self.keyboard: OnScreenKeyboard | None = None
        app = App.get_running_app()
        app.bridge.on(SessionEnded, lambda _e: self.clear())
        app.bind(language=lambda *_a: self.build_rows() if self.manager and self.manager.current == self.name else None)

    @property
    def filling(self):  # noqa: ANN201 - kiosk.journey.filling.Filling
        """The situations-and-form part of the journey."""
        return self.services.journey.filling

    # --- life cycle ---------------------------------------------------------------------------
    def on_pre_enter(self, *_args: object) -> None:
        """Pre-fill from the identity and lay out the fields."""
        self.filling.start_form()
        self._touched = set()
        self.build_rows()

    def on_leave(self, *_args: object) -> None:
        """Nothing personal stays in the widgets off screen."""
        self.clear()

    def clear(self) -> None:
        """Remove every row (and the text in it) and hide the keyboard; the session's values stay."""
        self._built = False
        self.hide_keyboard()
        box = self.ids.get("fields")
        if box is not None:
            for widget in box.walk(restrict=True):
                if isinstance(widget, TextInput):
                    widget.text = ""
            box.clear_widgets()
        for key in [
            k
            for k in self.ids
            if k.startswith(("field_", "error_", "label_"))
            or "_address_" in k
            or k.endswith(("_province", "_city", "_district", "_detail", "_input"))
        ]:
            del self.ids[key]
        self._built = False
        self.valid = False
        self.summary = ""

    # --- rows ---------------------------------------------------------------------------------
    def build_rows(self) -> None:
        """(Re)create a row per field from the current form values."""
        self.clear()
        app = App.get_running_app()
        box = self.ids.fields
        for spec in self.filling.fields():
            label = Factory.KLabel(text=self.filling.label(spec) + (" *" if spec.required else ""), bold=True)
            box.add_widget(label)
            self.ids[f"label_{spec.name}"] = label
            box.add_widget(self._input_for(spec, app))
            error = Factory.FieldError()
            box.add_widget(error)
            self.ids[f"error_{spec.name}"] = error
        self._built = True
        self.refresh()

    def _input_for(self, spec: Any, app: Any) -> Any:
        value = self.filling.value(spec.name)
        if spec.kind in TEXT_KINDS:
            widget = FormInput(
                field_name=spec.name,
                keyboard_kind=self.filling.keyboard_mode(spec),
                text="" if value is None else str(value),
            )
            if spec.kind == "date":
                widget.hint_text = app.t("form.date_hint")
            widget.bind(focus=self._on_focus, text=self._on_text)
            self.ids[f"field_{spec.name}"] = widget
            return widget
        if spec.kind == "choice":
            row = Factory.ChoiceRow()
            english = self.services.english()
            for choice in spec.choices:
                button = Factory.KioskButton(text=(choice.label_en or choice.label) if english else choice.label)
                button.bind(on_release=lambda _b, n=spec.name, v=choice.value: self.pick(n, v))
                row.add_widget(button)
                self.ids[f"field_{spec.name}_{choice.value}"] = button
            self.ids[f"field_{spec.name}"] = row
            return row
        if spec.kind == "checkbox":
            button = Factory.KioskButton()
            button.bind(on_release=lambda _b, n=spec.name: self.toggle(n))
            self.ids[f"field_{spec.name}"] = button
            return button
        if spec.kind == "address":
            picker = AddressPicker(
                field_name=spec.name,
                regions=self.filling.regions,
                focus_handler=lambda w: self.show_keyboard(w, "pinyin"),
            )
            picker.value = dict(value) if isinstance(value, dict) else {}
            picker.bind(on_change=lambda _p, v, n=spec.name: self.set_value(n, dict(v)))
            picker.register_ids(self.ids)
            self.ids[f"field_{spec.name}"] = picker
            return picker
        return Factory.KLabel(text="")  # signature and other kinds are collected elsewhere

    # --- input --------------------------------------------------------------------------------
    def _on_focus(self, widget: FormInput, focused: bool) -> None:
        if focused:
            self.show_keyboard(widget, widget.keyboard_kind)

    def _on_text(self, widget: FormInput, text: str) -> None:
        self.set_value(widget.field_name, text)

    def set_value(self, name: str, value: Any) -> None:
        """Store a field's value and re-check the form."""
        if not self._built:
            return
        self.filling.set_value(name, value)
        self._touched.add(name)
        self.services.session.touch()
        self.refresh()

    def pick(self, name: str, value: str) -> None:
        """Choose an option of a choice field."""
        self.hide_keyboard()
        self.set_value(name, value)

    def toggle(self, name: str) -> None:
        """Tick or untick a checkbox field."""
        self.hide_keyboard()
        self.set_value(name, not bool(self.filling.value(name)))

    def show_keyboard(self, target: Any, mode: str) -> None:
        """Show the on-screen keyboard typing into ``target`` in ``mode``."""
        holder = self.ids.keyboard_holder
        if self.keyboard is None:
            self.keyboard = OnScreenKeyboard()
            self.ids["keyboard"] = self.keyboard
        if self.keyboard.parent is None:
            holder.add_widget(self.keyboard)
        self.keyboard.target = target
        self.keyboard.mode = mode
        self.ids["keyboard"] = self.keyboard
        Clock.schedule_once(lambda _dt: self._reveal(target), 0.05)

    def _reveal(self, widget: Any) -> None:
        """Scroll so the field being typed into is not hidden behind the keyboard."""
        scroll = self.ids.get("scroll")
        if scroll is not None and widget.get_parent_window() is not None:
            scroll.scroll_to(widget, padding=App.get_running_app().theme.pad, animate=False)

    def hide_keyboard(self) -> None:
        """Take the keyboard away."""
        if self.keyboard is not None:
            self.keyboard.target = None
            self.keyboard.composing = ""
            if self.keyboard.parent is not None:
                self.keyboard.parent.remove_widget(self.keyboard)

    # --- validation ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show inline errors for fields entered or touched, and enable 'next' when all is valid."""
        if not self._built:
            return
        app = App.get_running_app()
        errors = self.filling.errors()
        for spec in self.filling.fields():
            value = self.filling.value(spec.name)
            shown = spec.name in self._touched or (value not in (None, "", {}) and spec.kind != "checkbox")
            error = self.ids.get(f"error_{spec.name}")
            if error is not None:
                error.text = errors.get(spec.name, "") if shown else ""
            if spec.kind == "choice":
                for choice in spec.choices:
                    button = self.ids.get(f"field_{spec.name}_{choice.value}")
                    if button is not None:
                        chosen = "primary" if value == choice.value else "muted"
                        button.bg_color = list(app.theme.colour(chosen))
            elif spec.kind == "checkbox":
                button = self.ids[f"field_{spec.name}"]
                ticked = bool(value)
                button.text = f"{'[✓] ' if ticked else '[  ] '}{app.t('form.commit')}"
                button.bg_color = list(app.theme.colour("secondary" if ticked else "muted"))
        self.valid = self.filling.ready()
        self.summary = "" if self.valid else app.t("form.invalid", count=len(errors))

    def go_next(self) -> None:
        """To the materials, once the form is valid (the journey refuses before)."""
        self.services.journey.machine.advance()

    def go_back(self) -> None:
        """One step back (the values stay in the session)."""
        self.services.journey.machine.back()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

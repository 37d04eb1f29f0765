"""On-screen keyboard: pinyin with candidates (full pinyin or initials), English letters, digits, and a
numeric pad for ID numbers and phones. It types into a ``TextInput`` (``target``); the system keyboard
is never used. Candidates come from ``services.ime`` (loaded in the background at start-up)."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROWS = ("123", "456", "789")
CANDIDATES = 6
"""Candidates shown at once: one row that never wraps over the keys."""


class OnScreenKeyboard(BoxLayout):
    """A keyboard bound to one text input at a time; keys are built for the mode in use."""

    target = ObjectProperty(None, allownone=True)
    mode = OptionProperty("pinyin", options=["pinyin", "letters", "digits", "id"])
    composing = StringProperty("")
    """Letters typed in pinyin mode that are not yet turned into characters."""
    candidates = ListProperty([])
    """``[(word, consumed letters), …]`` for the current ``composing``."""

    def on_kv_post(self, base_widget: object) -> None:
        """Lay out the keys once the kv rule has made the key area (also when declared inside kv); the
        labels follow a language switch."""
        self._build()
        App.get_running_app().bind(language=lambda *_a: self._build())

    def on_mode(self, *_args: object) -> None:
        """Changing mode drops any half-typed pinyin and lays out that mode's keys."""
        self.composing = ""
        self._build()

    def _add_key(self, row: BoxLayout, key_id: str, text: str, action: object, weight: float = 1.0) -> None:
        button = Factory.KbKey(text=text, size_hint_x=weight)
        button.bind(on_release=lambda *_a: action())
        row.add_widget(button)
        self.ids[key_id] = button

    def _build(self) -> None:
        """(Re)build the key rows for the current mode; each key gets an id (``key_q``, ``num_7``…)."""
        if "keypad" not in self.ids:
            return
        app = App.get_running_app()
        area = self.ids.keypad
        area.clear_widgets()
        for key_id in [k for k in self.ids if k.startswith(("key_", "num_", "mode_"))]:
            del self.ids[key_id]
        if self.mode in ("pinyin", "letters"):
            for index, letters in enumerate(LETTER_ROWS):
                row = BoxLayout(spacing=area.spacing)
                indent = (10 - len(letters)) / 2 - (0.3 if index == 2 else 0)
                if indent > 0:
                    row.add_widget(BoxLayout(size_hint_x=indent))
                for ch in letters:
                    self._add_key(row, f"key_{ch}", ch, lambda c=ch: self.key(c))
                if index == 2:
                    self._add_key(row, "key_backspace", app.t("keyboard.backspace"), self.backspace, 1.6)
                area.add_widget(row)
            row = BoxLayout(spacing=area.spacing)
            switch = "keyboard.to_letters" if self.mode == "pinyin" else "keyboard.to_pinyin"
            self._add_key(row, "mode_switch", app.t(switch), self._toggle_letters, 0.35)
            self._add_key(row, "mode_handwriting", app.t("keyboard.to_handwriting"), self.handwrite, 0.35)
            self._add_key(row, "key_space", app.t("keyboard.space"), self.space)
            area.add_widget(row)
        else:
            for digits in DIGIT_ROWS + ("X0<",):
                row = BoxLayout(spacing=area.spacing)
                for ch in digits:
                    if ch == "<":
                        self._add_key(row, "num_backspace", app.t("keyboard.backspace"), self.backspace)
                    elif ch == "X":
                        if self.mode == "id":
                            self._add_key(row, "num_x", "X", lambda: self.key("X"))
                        else:  # amounts (money fields) need a decimal point
                            self._add_key(row, "num_dot", ".", lambda: self.key_raw("."))
                    else:
                        self._add_key(row, f"num_{ch}", ch, lambda c=ch: self.key(c))
                area.add_widget(row)

    def handwrite(self) -> None:
        """Open the full-screen handwriting pad (手写); it types into the same target."""
        from screens.widgets.handwriting_pad import open_handwriting  # loads zinnia only when asked for

        self.composing = ""
        open_handwriting(self)

    def _toggle_letters(self) -> None:
        self.mode = "letters" if self.mode == "pinyin" else "pinyin"

    def on_composing(self, *_args: object) -> None:
        """Look up candidates whenever the typed letters change."""
        ime = App.get_running_app().services.ime
        self.candidates = [(c.word, c.consumed) for c in ime.candidates(self.composing, limit=CANDIDATES)]

    def key(self, char: str) -> None:
        """A character key: composes in pinyin mode, types directly otherwise."""
        if self.mode == "pinyin" and char.isalpha():
            self.composing += char
        elif self.target is not None:
            self.target.insert_text(char.upper() if self.mode == "id" else char)

    def pick(self, word: str, consumed: int) -> None:
        """Type a candidate and keep the letters it did not use."""
        if self.target is not None:
            self.target.insert_text(word)
        self.composing = self.composing[consumed:]

    def backspace(self) -> None:
        """Delete the last composing letter, else the character before the cursor."""
        if self.composing:
            self.composing = self.composing[:-1]
        elif self.target is not None:
            self.target.do_backspace()

    def space(self) -> None:
        """In pinyin mode with letters pending: type the first candidate; otherwise a space."""
        if self.composing and self.candidates:
            self.pick(*self.candidates[0])
        elif self.composing:
            self.key_raw(self.composing)
            self.composing = ""
        elif self.target is not None:
            self.target.insert_text(" ")

    def key_raw(self, text: str) -> None:
        """Type ``text`` as it is."""
        if self.target is not None:
            self.target.insert_text(text)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Rating (好差评): five big levels, reasons, an optional comment; one rating per case."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.events import SessionEnded
from kiosk.journey.submission import RatingDone
from screens.base import KioskScreen
from screens.widgets.keyboard import OnScreenKeyboard  # noqa: F401 - registers the kv class


class RatingScreen(KioskScreen):
    """Pick a level, reasons and maybe a comment, send; 'finish' ends the session."""

    level = NumericProperty(0)
    chosen = ListProperty([])
    message = StringProperty("")
    sending = BooleanProperty(False)
    done = BooleanProperty(False)
    typing = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        self._buttons: dict[str, object] = {}
        super().__init__(**kwargs)

    def on_kv_post(self, _base_widget: object) -> None:
        """Follow the rating result; wipe on session end."""
        bridge = App.get_running_app().bridge
        bridge.on(RatingDone, self.on_rating_done)
        bridge.on(SessionEnded, lambda _e: self.clear())
        self._keyboard = board = self.ids.rating_keyboard.__self__  # strong ref: ids hold weak proxies
        board.mode, board.mode = "digits", "pinyin"  # a keyboard declared in kv builds its keys on a mode change
        board.parent.remove_widget(board)  # in keyboard_slot only while typing (hidden widgets take no touches)

    def on_typing(self, *_args: object) -> None:
        """Show or hide the keyboard for the comment."""
        board, slot = self._keyboard, self.ids.keyboard_slot
        if self.typing and board.parent is None:
            slot.add_widget(board)
            Clock.schedule_once(lambda _dt: setattr(self.ids.rating_scroll, "scroll_y", 0), 0)
        elif not self.typing and board.parent is not None:
            slot.remove_widget(board)

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.submission.Submission
        """The submission part of the journey."""
        return self.services.journey.submission

    def on_pre_enter(self, *_args: object) -> None:
        """Fresh choice, unless this case was rated already."""
        self.clear()
        if self.part.rated:
            self.done = True
            self.message = App.get_running_app().t("rating.already")

    def choose_level(self, level: int) -> None:
        """Select a level and offer its reasons."""
        if self.done or self.sending:
            return
        self.level = level
        self.chosen = []
        self.message = ""
        grid = self.ids.reasons
        grid.clear_widgets()
        for key in [k for k in self.ids if k.startswith("reason_")]:
            del self.ids[key]
        app = App.get_running_app()
        for reason in self.part.reasons_for(level):
            button = self._buttons.get(reason)
            if button is None:  # built once per reason and reused: flat memory over many visits
                button = self._buttons[reason] = Factory.ReasonButton()
                button.reason = reason
                button.bind(on_release=lambda b: self.toggle_reason(b))
            button.text = app.t(f"rating.reason_{reason}")
            button.selected = False
            self.ids[f"reason_{reason}"] = button
            grid.add_widget(button)

    def toggle_reason(self, button: object) -> None:
        """Add or remove a reason."""
        reason = button.reason  # type: ignore[attr-defined]
        if reason in self.chosen:
            self.chosen.remove(reason)
        else:
            self.chosen.append(reason)
        button.selected = reason in self.chosen  # type: ignore[attr-defined]

    def start_comment(self) -> None:
        """Show the keyboard for the comment."""
        self.typing = True
        self.ids.rating_keyboard.target = self.ids.rating_comment

    def submit(self) -> None:
        """Send the rating (once)."""
        app = App.get_running_app()
        if not self.level:
            self.message = app.t("rating.choose_level")
            return
        if self.part.rate(self.level, list(self.chosen), self.ids.rating_comment.text.strip()):
            self.sending = True
            self.typing = False
            self.message = app.t("rating.sending")
        elif self.part.rated:
            self.done = True
            self.message = app.t("rating.already")

    def on_rating_done(self, event: RatingDone) -> None:
        """Thank the citizen whether or not the platform took it."""
        if event.visit_id != self.part.state.visit_id:
            return
        self.sending = False
        self.done = event.sent or self.done
        self.message = App.get_running_app().t("rating.thanks" if event.sent else "rating.not_sent")
        if not event.sent:
            self.done = True
        # the thanks may sit below the fold (elderly mode stacks the levels): bring it into view
        Clock.schedule_once(lambda _dt: self.ids.rating_scroll.scroll_to(self.ids.rating_message, animate=False))

    def finish(self) -> None:
        """End the session (the journey's last step) and go home."""
        self.services.journey.machine.advance()

    def clear(self) -> None:
        """Forget the choice and the comment (session end or a new visit)."""
        self.level = 0
        self.chosen = []
        self.message = ""
        self.sending = self.done = self.typing = False
        self.ids.rating_comment.text = ""
        self.ids.rating_keyboard.composing = ""
        self.ids.reasons.clear_widgets()
        for key in [k for k in self.ids if k.startswith("reason_")]:
            del self.ids[key]


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Delivery: collect at the hall (自取) or by post (邮寄) with a checked address and phone."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty

from kiosk.events import SessionEnded
from screens.base import KioskScreen
from screens.widgets.keyboard import OnScreenKeyboard  # noqa: F401 - registers the kv class


class DeliveryScreen(KioskScreen):
    """Two choices; postal delivery shows address and phone fields with the on-screen keyboard."""

    choice = StringProperty("")
    post_offered = BooleanProperty(True)
    address_error = StringProperty("")
    phone_error = StringProperty("")
    message = StringProperty("")

    def on_kv_post(self, _base_widget: object) -> None:
        """Wipe the fields when the session ends."""
        App.get_running_app().bridge.on(SessionEnded, lambda _e: self.clear())
        board = self.ids.delivery_keyboard
        board.mode, board.mode = "digits", "pinyin"  # a keyboard declared in kv builds its keys on a mode change
        self._post_panel = panel = self.ids.post_panel.__self__  # strong ref: ids hold weak proxies
        panel.parent.remove_widget(panel)  # shown in post_slot only while post is chosen

    def on_choice(self, *_args: object) -> None:
        """Show the address, phone and keyboard only for postal delivery (hidden widgets take no touches)."""
        panel, slot = self._post_panel, self.ids.post_slot
        if self.choice == "post" and panel.parent is None:
            slot.add_widget(panel)
            Clock.schedule_once(lambda _dt: setattr(self.ids.delivery_scroll, "scroll_y", 0), 0)
        elif self.choice != "post" and panel.parent is not None:
            slot.remove_widget(panel)

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.submission.Submission
        """The submission part of the journey."""
        return self.services.journey.submission

    def on_pre_enter(self, *_args: object) -> None:
        """Offer what the item allows; keep an earlier choice, pre-fill address and phone."""
        self.address_error = self.phone_error = self.message = ""
        try:
            self.post_offered = "post" in self.part.delivery_options()
            address, phone = self.part.delivery_defaults()
        except Exception:  # noqa: BLE001 - no item chosen: only pick-up, nothing to pre-fill
            self.post_offered, address, phone = False, "", ""
        saved = self.services.session.draft.delivery.get("kind", "")
        self.choice = saved if saved in ("pickup", "post") and (saved != "post" or self.post_offered) else ""
        if not self.ids.post_address.text:
            self.ids.post_address.text = address
        if not self.ids.post_phone.text:
            self.ids.post_phone.text = phone

    def choose(self, kind: str) -> None:
        """Select pick-up or post."""
        if kind == "post" and not self.post_offered:
            return
        self.choice = kind
        self.message = ""
        if kind == "post":
            self.focus_field("post_address")

    def focus_field(self, field_id: str) -> None:
        """Point the on-screen keyboard at a field (pinyin for the address, digits for the phone)."""
        board = self.ids.delivery_keyboard
        board.target = self.ids[field_id]
        board.mode = "digits" if field_id == "post_phone" else "pinyin"

    def submit(self) -> None:
        """Store the choice and go on to submitting; errors stay next to their field."""
        self.address_error = self.phone_error = self.message = ""
        if not self.choice:
            self.message = App.get_running_app().t("delivery.choose_first")
            return
        errors = self.part.choose_delivery(self.choice, self.ids.post_address.text, self.ids.post_phone.text)
        language = self.services.session.language
        for error in errors:
            text = error.message.get(language, error.code)
            if error.field == "address":
                self.address_error = text
            else:
                self.phone_error = text
        if errors:
            return
        refusal = self.services.journey.machine.advance()
        if refusal is not None:
            self.message = refusal

    def clear(self) -> None:
        """Drop the address, phone and choice (session end)."""
        self.ids.post_address.text = ""
        self.ids.post_phone.text = ""
        self.ids.delivery_keyboard.composing = ""
        self.choice = ""
        self.address_error = self.phone_error = self.message = ""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Building blocks every screen uses: the screen base class, the header, big entry buttons."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen with a spoken prompt (``prompt_key``) said when it is entered."""

    prompt_key = StringProperty("")

    @property
    def services(self):  # noqa: ANN201 - KioskServices, imported lazily to keep kv loading light
        """The kiosk services facade."""
        return App.get_running_app().services

    def on_enter(self, *_args: object) -> None:
        """Speak this screen's prompt (the header's "repeat" button says it again)."""
        if self.prompt_key:
            self.services.journey.assist.prompt(self.prompt_key)


class BigButton(ButtonBehavior, BoxLayout):
    """A large entry point: a title, a hint line and a coloured background."""

    title = StringProperty("")
    hint = StringProperty("")
    bg_color = ListProperty([0.05, 0.39, 0.78, 1])


class KioskButton(Button):
    """A normal button that is never smaller than a finger (theme.touch high)."""

    bg_color = ListProperty([0.05, 0.39, 0.78, 1])


class HallLogo(ButtonBehavior, Label):
    """The hall name in the header; tapping it quickly several times is the hidden admin gesture."""

    def on_release(self) -> None:
        """Count a tap towards the admin gesture."""
        App.get_running_app().logo_tapped()


class Header(BoxLayout):
    """Top bar on every citizen screen: hall name, language switch, help; under them the accessibility
    bar: elderly mode, repeat the prompt, volume down / level / up."""


class HelpNotice(ModalView):
    """Tells the citizen staff are on their way (shown after the help button)."""

    title_key = StringProperty("assist.help_title")
    body_key = StringProperty("assist.help_coming")


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

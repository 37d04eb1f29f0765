"""Address entry: province, city and district picked from lists (typed where the list is not known),
then the street address typed with the on-screen keyboard. The value is a dict with ``province``,
``city``, ``district`` and ``detail`` (the shape :class:`kiosk.forms.Address` validates)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, DictProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

PARTS = ("province", "city", "district")


class RegionChoices(ModalView):
    """A full-screen list of regions to pick one from (each button has id ``pick_<name>``)."""

    title = StringProperty("")

    def __init__(self, title: str, options: list[str], on_pick: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = title
        grid = self.ids.options
        for option in options:
            button = Factory.KioskButton(text=option)
            button.bind(on_release=lambda _b, o=option: self._pick(on_pick, o))
            grid.add_widget(button)
            self.ids[f"pick_{option}"] = button

    def _pick(self, on_pick: Callable[[str], None], option: str) -> None:
        self.dismiss(animation=False)
        on_pick(option)


class AddressPicker(BoxLayout):
    """Province / city / district pickers and a street-address input bound to one form field."""

    field_name = StringProperty("")
    value = DictProperty({})
    regions = ObjectProperty(None)
    focus_handler = ObjectProperty(None, allownone=True)
    """Called with the detail input when it is focused (the form points its keyboard at it)."""

    typed_city = BooleanProperty(False)
    typed_district = BooleanProperty(False)

    __events__ = ("on_change",)

    def on_value(self, *_args: Any) -> None:
        """Show the parts and work out which of them are typed rather than picked."""
        if self.regions is None or "province" not in self.ids:
            return
        self.typed_city, self.typed_district = self.typed("city"), self.typed("district")
        app = App.get_running_app()
        for part in PARTS:
            self.ids[part].text = self.value.get(part) or app.t(f"form.{part}")
        self.ids.city.disabled = not self.value.get("province")
        self.ids.district.disabled = not self.value.get("city")
        for widget, part in (
            (self.ids.city_input, "city"),
            (self.ids.district_input, "district"),
            (self.ids.detail, "detail"),
        ):
            if widget.text != self.value.get(part, ""):
                widget.text = self.value.get(part, "")

    def on_change(self, *_args: Any) -> None:
        """Dispatched whenever a part of the address changes."""

    def register_ids(self, ids: dict) -> None:
        """Expose the parts as ``<field>_province`` … ``<field>_detail`` in ``ids`` (the screen's)."""
        for part in (*PARTS, "detail"):
            ids[f"{self.field_name}_{part}"] = self.ids[part]
            ids[f"{self.field_name}_{part}_input"] = self.ids.get(f"{part}_input", self.ids[part])

    def on_regions(self, *_args: Any) -> None:
        """The region data arrived: re-evaluate which parts are typed."""
        self.on_value()

    def on_kv_post(self, *_args: Any) -> None:
        """The parts exist now: show the value."""
        self.on_value()

    def options(self, part: str) -> list[str]:
        """What can be picked for ``part`` given the parts above it (empty: typed instead)."""
        v = self.value
        if part == "province":
            return list(self.regions.provinces)
        if part == "city":
            return list(self.regions.cities(v.get("province", "")))
        return list(self.regions.districts(v.get("province", ""), v.get("city", "")))

    def typed(self, part: str) -> bool:
        """True when ``part`` is typed because no list is known for it."""
        return part != "province" and bool(self.value.get("province")) and not self.options(part)

    def open_choices(self, part: str) -> None:
        """Show the list for ``part``."""
        app = App.get_running_app()
        title = app.t("form.pick_title", part=app.t(f"form.{part}"))
        RegionChoices(title, self.options(part), lambda o: self.set_part(part, o)).open(animation=False)

    def set_part(self, part: str, text: str) -> None:
        """Set one part; changing a part clears the parts below it."""
        value = dict(self.value)
        if value.get(part) == text:
            return
        value[part] = text
        below = PARTS[PARTS.index(part) + 1 :] if part in PARTS else ()
        for lower in below:
            value[lower] = ""
        self.value = value
        self.dispatch("on_change", value)

    def detail_focused(self, widget: Any, focused: bool) -> None:
        """Point the on-screen keyboard at a typed part."""
        if focused and self.focus_handler is not None:
            self.focus_handler(widget)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

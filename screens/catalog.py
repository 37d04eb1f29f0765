"""Catalog: 个人 / 法人, themes or departments, and live search (characters, pinyin, initials) with the
on-screen keyboard; tapping an item or bundle opens its guide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.events import SessionEnded
from screens.base import KioskScreen
from screens.widgets.keyboard import OnScreenKeyboard

MAX_RESULTS = 20


def build_keys(board: OnScreenKeyboard) -> None:
    """Lay out a kv-declared keyboard's keys (it builds them on a mode change, and kv may not make one)."""
    if not any(k.startswith(("key_", "num_")) for k in board.ids):
        mode = board.mode
        board.mode = "digits" if mode != "digits" else "letters"
        board.mode = mode


class CatalogEntry(ButtonBehavior, BoxLayout):
    """One tappable line: a group tile or a service item, with a second line and an optional badge."""

    title = StringProperty("")
    subtitle = StringProperty("")
    badge = StringProperty("")
    code = StringProperty("")
    """The item or bundle code ('' for a group tile)."""


class CatalogScreen(KioskScreen):
    """Groups of the catalog, or the results of what is typed into the search field."""

    audience = OptionProperty("personal", options=["personal", "enterprise"])
    grouping = OptionProperty("category", options=["category", "department"])
    group_title = StringProperty("")
    """Name of the opened group ('' while the groups themselves are listed)."""
    searching = BooleanProperty(False)
    keyboard_open = BooleanProperty(False)
    empty_text = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._group: Any = None
        self._bound = False

    @property
    def finding(self):  # noqa: ANN201 - kiosk.journey.finding.Finding
        """The catalog-and-guide part of the journey."""
        return self.services.journey.finding

    def on_kv_post(self, *_args: Any) -> None:
        """Point the keyboard at the search field; every keystroke searches; the keyboard starts closed."""
        board = self._keyboard = self.ids.keyboard.__self__  # a strong reference while it is detached
        build_keys(board)
        board.target = self.ids.search
        self.ids.search.bind(
            text=lambda *_a: self.refresh(), focus=lambda _w, focused: self.open_keyboard() if focused else None
        )
        board.bind(composing=lambda *_a: self.refresh())
        self._keyboard_home = board.parent
        self.close_keyboard()

    def open_keyboard(self) -> None:
        """Show the on-screen keyboard under the list (the search field was tapped)."""
        board = self._keyboard
        if board.parent is None:
            self._keyboard_home.add_widget(board)
        self.keyboard_open = True

    def close_keyboard(self) -> None:
        """Hide the keyboard so the list has the room (elderly mode needs it)."""
        board = self._keyboard
        if board.parent is not None:
            board.parent.remove_widget(board)
        self.keyboard_open = False

    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once, then show the groups of the current audience."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(SessionEnded, lambda _e: self.reset())
            app.bind(language=lambda *_a: self.refresh())
            self._bound = True
        self.refresh()

    def on_leave(self, *_args: Any) -> None:
        """Forget what was typed (a search can be personal too)."""
        self.clear()

    def clear(self) -> None:
        """Empty the search field, close the keyboard and return to the groups."""
        self._keyboard.composing = ""
        self.ids.search.text = ""
        self.ids.search.focus = False
        self.close_keyboard()
        self._group = None
        self.group_title = ""
        self.refresh()

    def reset(self) -> None:
        """The session ended: the next citizen starts at the personal themes, whatever this one chose."""
        self.audience = "personal"
        self.grouping = "category"
        self.clear()

    # --- actions from the kv ------------------------------------------------------------------
    def set_audience(self, audience: str) -> None:
        """个人 or 法人."""
        self.audience = audience
        self._group = None
        self.group_title = ""
        self.refresh()

    def set_grouping(self, grouping: str) -> None:
        """By theme or by department."""
        self.grouping = grouping
        self._group = None
        self.group_title = ""
        self.refresh()

    def open_group(self, group: Any) -> None:
        """Show the items of one tile."""
        self._group = group
        english = self.services.english()
        self.group_title = group.name_en if english else group.name
        self.refresh()

    def close_group(self) -> None:
        """Back to the tiles."""
        self._group = None
        self.group_title = ""
        self.refresh()

    def choose(self, code: str) -> None:
        """Choose an item or bundle and go to its guide."""
        self.finding.choose(code)
        self.services.journey.machine.advance()

    def go_back(self) -> None:
        """Close the open group, else leave the catalog (back home)."""
        if self._group is not None:
            self.close_group()
        else:
            self.services.journey.machine.back()

    # --- the list ---------------------------------------------------------------------------
    def query(self) -> str:
        """What the citizen has typed, including pinyin letters not yet turned into characters."""
        return (self.ids.search.text + self._keyboard.composing).strip()

    def refresh(self) -> None:
        """Rebuild the list: search results when something is typed, else groups or a group's items."""
        if "results" not in self.ids or App.get_running_app() is None:
            return
        if self.manager is None or self.manager.current != self.name:
            return  # off screen (left, session ended): on_pre_enter rebuilds it before it is drawn
        app = App.get_running_app()
        english = self.services.english()
        query = self.query()
        self.searching = bool(query)
        rows: list[tuple[str, str, str, Any, str]] = []
        if query:
            for e in self.finding.search(query, MAX_RESULTS):
                rows.append(self._entry_row(e, english))
        elif self._group is not None:
            for e in self.finding.entries(self._group, self.audience):
                rows.append(self._entry_row(e, english))
        else:
            for g in self.finding.groups(self.audience, self.grouping):
                title = g.name_en if english else g.name
                rows.append((title, app.t("catalog.count", count=g.count), "", lambda g=g: self.open_group(g), ""))
        self.empty_text = app.t("catalog.no_results") if query and not rows else ""
        self._fill(rows)

    def _entry_row(self, e: Any, english: bool) -> tuple[str, str, str, Any, str]:
        badge = "" if e.here else App.get_running_app().t("catalog.not_here")
        department = self.finding.catalog.authority_name(e.department, "en") if english else e.department
        department = App.get_running_app().t("catalog.bundle") if e.kind == "bundle" else department
        return (e.name_en if english else e.name, department, badge, lambda c=e.code: self.choose(c), e.code)

    def _fill(self, rows: list[tuple[str, str, str, Any, str]]) -> None:
        box = self.ids.results
        box.clear_widgets()
        for key in [k for k in self.ids if k.startswith("result_")]:
            del self.ids[key]
        for n, (title, subtitle, badge, action, code) in enumerate(rows):
            row = Factory.CatalogEntry(title=title, subtitle=subtitle, badge=badge, code=code)
            row.bind(on_release=lambda _w, a=action: a())
            box.add_widget(row)
            self.ids[f"result_{n}"] = row
        self.ids.scroll.scroll_y = 1


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

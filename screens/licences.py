"""Electronic licences (电子证照): after identification, the holder's licences; print a summary or show a
licence's QR code on screen for staff to check.

The kiosk part (:class:`kiosk.journey.licences.Licences`) fetches and prints on worker threads; this
screen follows :class:`LicencesListed` / :class:`LicencePrinted` on the bus. Numbers are masked.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ObjectProperty, OptionProperty, StringProperty

from kiosk.events import SessionEnded
from kiosk.journey.licences import LicencePrinted, LicencesListed
from screens.base import KioskScreen
from screens.widgets.panel import ShownPanel  # noqa: F401 - registers the kv class


class LicencesScreen(KioskScreen):
    """Loading, the list (or why not), one licence's QR code."""

    mode = OptionProperty("loading", options=["loading", "list", "failed", "qr"])
    message = StringProperty("")
    print_text = StringProperty("")
    qr_name = StringProperty("")
    qr_texture = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bound = False

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.licences.Licences
        """The licences part of the journey."""
        return self.services.journey.licences

    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once; ask for the list."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(SessionEnded, lambda _e: self.clear())
            app.bridge.on(LicencesListed, self._on_listed)
            app.bridge.on(LicencePrinted, self._on_printed)
            app.bind(language=lambda *_a: self._relabel())
            self._bound = True
        self.clear()
        self.load()

    def on_leave(self, *_args: Any) -> None:
        """No licence stays on screen."""
        self.clear()

    def clear(self) -> None:
        """Empty the list, the QR code and the messages."""
        self.ids.licences.clear_widgets()
        self.message = self.print_text = self.qr_name = ""
        self.qr_texture = None
        self.mode = "loading"

    def load(self) -> None:
        """Fetch (or take) the holder's licences."""
        self.mode = "loading"
        self.message = App.get_running_app().t("licences.loading")
        self.part.load()

    def _here(self) -> bool:
        return self.manager is not None and self.manager.current == self.name

    def _on_listed(self, event: LicencesListed) -> None:
        if not self._here() or self.mode not in ("loading", "failed"):
            return
        if not event.ok:
            self.mode = "failed"
            self.message = App.get_running_app().t("licences.failed")
            self.services.speak("licences.failed")
            return
        self.mode = "list"
        self._render()

    def _relabel(self) -> None:
        if not self._here():
            return
        app = App.get_running_app()
        if self.mode == "list":
            self._render()
        elif self.mode == "failed":
            self.message = app.t("licences.failed")

    def _name(self, view: Any) -> str:
        app = App.get_running_app()
        key = f"licences.type_{view.type}"
        return app.t(key) if key in self.services.translator.keys(app.language) else view.name

    def _render(self) -> None:
        app = App.get_running_app()
        views = self.part.views()
        today = self.part.today()
        box = self.ids.licences
        box.clear_widgets()
        self.message = app.t("licences.count", count=len(views)) if views else app.t("licences.none")
        for n, view in enumerate(views):
            row = Factory.LicenceRow()
            row.ref = view.ref
            expired = bool(view.valid_to) and view.valid_to < today
            row.title = self._name(view) + (app.t("licences.expired") if expired else "")
            row.details = "\n".join(
                (
                    app.t("licences.number", number=view.number),
                    app.t(
                        "licences.issuer",
                        issuer=self.services.catalog().authority_name(view.issuer, app.language),
                    ),
                    app.t("licences.valid", start=view.valid_from, end=view.valid_to or app.t("licences.forever")),
                )
            )
            row.ids.show_qr.bind(on_release=lambda _b, r=row: self.show_qr(r.ref))
            row.ids.print_summary.bind(on_release=lambda _b, r=row: self.print_summary(r.ref))
            self.ids[f"licence_qr_{n}"] = row.ids.show_qr
            self.ids[f"licence_print_{n}"] = row.ids.print_summary
            box.add_widget(row)
        self.ids.scroll.scroll_y = 1

    # --- one licence --------------------------------------------------------------------------
    def show_qr(self, ref: str) -> None:
        """Show the licence's QR code large."""
        view = next((v for v in self.part.views() if v.ref == ref), None)
        if view is None:
            return
        texture = CoreImage(io.BytesIO(self.part.qr_png(ref)), ext="png").texture
        texture.mag_filter = "nearest"
        self.qr_texture = texture
        self.qr_name = self._name(view)
        self.mode = "qr"

    def back_to_list(self) -> None:
        """From the QR code back to the list."""
        self.qr_texture = None
        self.qr_name = ""
        self.mode = "list"
        self._render()

    def print_summary(self, ref: str) -> None:
        """Print the licence's summary (answered on the bus)."""
        self.services.session.touch()
        if self.part.print_summary(ref):
            self.print_text = App.get_running_app().t("licences.printing")

    def _on_printed(self, event: LicencePrinted) -> None:
        if not self._here():
            return
        key = "licences.printed" if event.printed else "licences.print_failed"
        self.print_text = App.get_running_app().t(key)
        self.services.speak(key)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

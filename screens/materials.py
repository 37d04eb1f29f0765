"""Materials: a checklist with the status of each material (licence, pages taken, still missing) and a
capture view with the live document camera, the detected page outlined, auto-capture, review, retake,
more pages and delete. 'Next' stays disabled while a required material is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.events import DeviceEvent, SessionEnded
from kiosk.journey.materials import CaptureEnded, LicencesLoaded, PageAdded
from screens.base import KioskScreen
from screens.widgets.camera_view import CameraView  # noqa: F401 - registers the kv class

PREVIEW_FPS = 10


class CaptureView(ModalView):
    """Photographs the pages of one material; shows the live picture while capturing, else a page."""

    material_id = StringProperty("")
    title = StringProperty("")
    hint = StringProperty("")
    capturing = BooleanProperty(False)
    reviewing = NumericProperty(-1)
    """Index of the page shown for review (-1: none)."""

    def __init__(self, screen: MaterialsScreen, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.screen = screen
        self._tick = None

    @property
    def materials(self):  # noqa: ANN201 - kiosk.journey.materials.Materials
        """The materials part of the journey."""
        return self.screen.services.journey.materials

    def start(self, material_id: str, name: str) -> None:
        """Open for ``material_id``: capture at once when it has no page yet, else review the last."""
        app = App.get_running_app()
        self.material_id = material_id
        self.title = app.t("materials.capture_title", name=name)
        self.open(animation=False)
        self._tick = Clock.schedule_interval(self._show_preview, 1 / PREVIEW_FPS)
        pages = self.materials.pages(material_id)
        if pages:
            self.review(len(pages) - 1)
        else:
            self.capture()

    def capture(self) -> None:
        """Start capturing a page (auto-capture when the page lies still)."""
        app = App.get_running_app()
        if self.materials.start_capture(self.material_id):
            self.capturing = True
            self.reviewing = -1
            self.hint = app.t("materials.capture_prompt")
            self.screen.services.speak("materials.capture_prompt")
        self.refresh_pages()

    def _show_preview(self, _dt: float) -> None:
        if self.capturing:
            frame, corners = self.materials.preview()
            self.ids.camera_view.show_frame(frame, corners)

    def on_page_added(self, event: PageAdded) -> None:
        """A page was taken: show it for review."""
        if event.material_id == self.material_id:
            self.capturing = False
            self.review(event.pages - 1)
            self.hint = App.get_running_app().t("materials.captured", count=event.pages)

    def on_capture_ended(self, event: CaptureEnded) -> None:
        """Capture stopped without a page: say why."""
        if event.material_id != self.material_id or event.status in ("accepted", "cancelled"):
            return
        self.capturing = False
        key = "materials.offline" if event.status == "camera_offline" else "materials.timeout"
        self.hint = App.get_running_app().t(key)
        self.screen.services.speak(key)

    def show_hint(self, text: str) -> None:
        """A camera hint (no page / hold still) while capturing."""
        if self.capturing:
            self.hint = text

    def review(self, index: int) -> None:
        """Show page ``index`` large."""
        pages = self.materials.pages(self.material_id)
        if 0 <= index < len(pages):
            self.reviewing = index
            self.ids.camera_view.show_jpeg(pages[index])
        else:
            self.reviewing = -1
            self.ids.camera_view.clear()
        self.refresh_pages()

    def retake(self) -> None:
        """Drop the page under review and capture it again."""
        if self.reviewing >= 0:
            self.materials.delete_page(self.material_id, self.reviewing)
        self.capture()

    def delete(self, index: int) -> None:
        """Delete one page."""
        self.materials.delete_page(self.material_id, index)
        self.review(len(self.materials.pages(self.material_id)) - 1)

    def refresh_pages(self) -> None:
        """One button per page (review) with a delete button next to it."""
        app = App.get_running_app()
        box = self.ids.pages
        box.clear_widgets()
        for key in [k for k in self.ids if k.startswith(("page_", "delete_page_"))]:
            del self.ids[key]
        for i in range(len(self.materials.pages(self.material_id))):
            show = Factory.KioskButton(
                text=app.t("materials.page", n=i + 1),
                font_size=app.theme.small,
                bg_color=list(app.theme.colour("primary" if i == self.reviewing else "muted")),
            )
            show.bind(on_release=lambda _b, n=i: self.review(n))
            delete = Factory.KioskButton(
                text=app.t("materials.delete"), font_size=app.theme.small, bg_color=list(app.theme.colour("danger"))
            )
            delete.bind(on_release=lambda _b, n=i: self.delete(n))
            box.add_widget(show)
            box.add_widget(delete)
            self.ids[f"page_{i}"] = show
            self.ids[f"delete_page_{i}"] = delete

    def finish(self) -> None:
        """Close and go back to the checklist."""
        self.materials.cancel_capture(wait_s=0)
        self.capturing = False
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None
        self.ids.camera_view.clear()
        self.ids.pages.clear_widgets()
        self.dismiss(animation=False)
        self.screen.refresh()


class MaterialsScreen(KioskScreen):
    """The checklist of the plan's materials."""

    ready = BooleanProperty(False)
    summary = StringProperty("")
    licence_note = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.capture_view: CaptureView | None = None
        app = App.get_running_app()
        app.bridge.on(SessionEnded, lambda _e: self.clear())
        app.bridge.on(LicencesLoaded, self._on_licences)
        app.bridge.on(PageAdded, self._on_page_added)
        app.bridge.on(CaptureEnded, self._on_capture_ended)
        app.bridge.on(DeviceEvent, self._on_device_event)
        app.bind(language=lambda *_a: self.refresh() if self._showing() else None)

    @property
    def materials(self):  # noqa: ANN201 - kiosk.journey.materials.Materials
        """The materials part of the journey."""
        return self.services.journey.materials

    def _showing(self) -> bool:
        return bool(self.manager) and self.manager.current == self.name

    # --- life cycle ---------------------------------------------------------------------------
    def on_pre_enter(self, *_args: object) -> None:
        """Fetch licences when nobody has yet, and list the materials."""
        app = App.get_running_app()
        self.licence_note = app.t("materials.loading") if self.materials.load_licences() else ""
        self.refresh()

    def on_leave(self, *_args: object) -> None:
        """Nothing personal stays in the widgets off screen."""
        self.clear()

    def clear(self) -> None:
        """Close the capture view and empty the checklist."""
        if self.capture_view is not None and self.capture_view.parent is not None:
            self.capture_view.finish()
        box = self.ids.get("checklist")
        if box is not None:
            box.clear_widgets()
        for key in [k for k in self.ids if k.startswith(("name_", "status_", "capture_"))]:
            del self.ids[key]
        self.summary = self.licence_note = ""
        self.ready = False

    # --- checklist ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the checklist rows and the summary."""
        if not self._showing():
            return
        app = App.get_running_app()
        box = self.ids.checklist
        box.clear_widgets()
        for key in [k for k in self.ids if k.startswith(("name_", "status_", "capture_"))]:
            del self.ids[key]
        items = self.materials.status()
        for item in items:
            row = Factory.MaterialRow()
            row.ids.name.text = item.description
            if item.licence_ref:
                status, colour = app.t("materials.licence"), "secondary"
            elif item.pages:
                status, colour = app.t("materials.pages", count=item.pages), "secondary"
            elif not item.required:
                status, colour = app.t("materials.optional"), "muted"
            else:
                status, colour = app.t("materials.missing"), "danger"
            row.ids.status.text = status
            row.ids.status.color = app.theme.colour(colour)
            if item.licence_ref or not item.required and not item.pages:
                row.ids.action.opacity, row.ids.action.disabled = 0, True
            else:
                row.ids.action.text = app.t("materials.manage" if item.pages else "materials.capture")
                row.ids.action.bind(on_release=lambda _b, i=item.id, n=item.label or item.name: self.open_capture(i, n))
            box.add_widget(row)
            self.ids[f"name_{item.id}"] = row.ids.name
            self.ids[f"status_{item.id}"] = row.ids.status
            self.ids[f"capture_{item.id}"] = row.ids.action
        missing = [i for i in items if i.missing]
        self.ready = not missing
        self.summary = (
            app.t("materials.all_ready")
            if not missing
            else app.t(
                "materials.still_missing",
                count=len(missing),
                names=(", " if app.language == "en" else "、").join(i.label or i.name for i in missing),
            )
        )

    def open_capture(self, material_id: str, name: str) -> None:
        """Open the capture view for one material."""
        if self.capture_view is None:
            self.capture_view = CaptureView(self)
        self.capture_view.start(material_id, name)

    # --- events (UI thread) -------------------------------------------------------------------
    def _on_licences(self, event: LicencesLoaded) -> None:
        app = App.get_running_app()
        self.licence_note = "" if event.ok else app.t("materials.licences_failed")
        if self._showing():
            self.refresh()

    def _on_page_added(self, event: PageAdded) -> None:
        if self.capture_view is not None and self.capture_view.parent is not None:
            self.capture_view.on_page_added(event)

    def _on_capture_ended(self, event: CaptureEnded) -> None:
        if self.capture_view is not None and self.capture_view.parent is not None:
            self.capture_view.on_capture_ended(event)

    def _on_device_event(self, event: DeviceEvent) -> None:
        hint = getattr(event, "hint", None)
        if getattr(event, "purpose", "") != "document" or hint is None or self.capture_view is None:
            return
        english = self.services.english()
        self.capture_view.show_hint(hint.en if english else hint.zh)

    # --- navigation ---------------------------------------------------------------------------
    def go_next(self) -> None:
        """To the review, once nothing required is missing (the journey refuses before)."""
        self.services.journey.machine.advance()

    def go_back(self) -> None:
        """Back to the form."""
        self.services.journey.machine.back()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

"""Receipt: the case number (or the offline reference and what happens next), print status, QR code."""

from __future__ import annotations

import io
from pathlib import Path

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.events import SessionEnded
from kiosk.journey.submission import CaseNumberArrived, ReceiptPrinted
from screens.base import KioskScreen


class ReceiptScreen(KioskScreen):
    """Shows the reference and QR code, prints the receipt on entering, then offers the rating."""

    reference_label = StringProperty("")
    reference = StringProperty("")
    offline = BooleanProperty(False)
    next_steps = StringProperty("")
    print_status = StringProperty("")
    print_failed = BooleanProperty(False)
    qr_texture = ObjectProperty(None, allownone=True)

    def on_kv_post(self, _base_widget: object) -> None:
        """Follow printing and a late case number; wipe on session end."""
        bridge = App.get_running_app().bridge
        bridge.on(ReceiptPrinted, self.on_printed)
        bridge.on(CaseNumberArrived, self.on_case_number)
        bridge.on(SessionEnded, lambda _e: self.clear())

    @property
    def part(self):  # noqa: ANN201 - kiosk.journey.submission.Submission
        """The submission part of the journey."""
        return self.services.journey.submission

    def on_pre_enter(self, *_args: object) -> None:
        """Show the reference and QR code; start printing."""
        self.show_reference()
        app = App.get_running_app()
        self.print_failed = False
        self.print_status = app.t("receipt.printing")
        self.part.print_receipt()

    def show_reference(self) -> None:
        """Case number when there is one, else the local reference with the offline note."""
        app = App.get_running_app()
        state = self.part.state
        self.offline = not state.case_no
        self.reference_label = app.t("receipt.local_ref" if self.offline else "receipt.case_no")
        self.reference = self.part.reference()
        kind = self.services.session.draft.delivery.get("kind", "pickup")
        steps = [app.t("receipt.offline")] if self.offline else []
        steps.append(app.t(f"receipt.next_steps_{'post' if kind == 'post' else 'pickup'}"))
        if state.promised_date and not self.offline:
            steps.append(app.t("receipt.promised", date=state.promised_date))
        self.next_steps = "\n".join(steps)
        try:
            png = self.part.qr_png()
            self.qr_texture = CoreImage(io.BytesIO(png), ext="png").texture
            self.qr_texture.mag_filter = "nearest"
        except ValueError:
            self.qr_texture = None

    def on_printed(self, event: ReceiptPrinted) -> None:
        """Say whether the receipt came out, and how to get it otherwise."""
        if event.visit_id != self.part.state.visit_id:
            return
        app = App.get_running_app()
        self.print_failed = not event.printed
        if event.printed:
            self.print_status = app.t("receipt.printed")
        else:
            detail = event.message_zh if not self.services.english() else event.message_en
            self.print_status = f"{detail}\n{app.t('receipt.other_ways')}" if detail else app.t("receipt.print_failed")

    def on_case_number(self, event: CaseNumberArrived) -> None:
        """The platform came back: show the case number in place of the local reference."""
        if event.visit_id == self.part.state.visit_id and self.services.session.step.value == "receipt":
            self.show_reference()
            self.next_steps = (
                App.get_running_app().t("receipt.case_arrived", case_no=event.case_no) + "\n" + self.next_steps
            )

    def clear(self) -> None:
        """Forget the reference and QR code (session end)."""
        self.reference = self.reference_label = self.next_steps = self.print_status = ""
        self.qr_texture = None


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

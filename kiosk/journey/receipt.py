"""Receipt: the reference (case number or offline local reference), its QR code, and printing."""

from __future__ import annotations

import logging
from datetime import date, datetime

from devices.printer.result import REPRINT_AT_WINDOW_EN, REPRINT_AT_WINDOW_ZH
from kiosk.catalog import CHINESE_ONLY, CHINESE_ONLY_NAME, material_name, target_name
from kiosk.journey.outcomes import ReceiptPrinted
from kiosk.journey.review import Review
from kiosk.receipts import Delivery, Receipt, ReceivedMaterial, print_receipt, progress_qr_payload

log = logging.getLogger(__name__)


class ReceiptPrinting(Review):
    """The receipt shown and printed (one print at a time)."""

    def reference(self) -> str:
        """The case number, else the offline local reference."""
        return self.state.case_no or self.state.local_ref

    def qr_payload(self) -> str:
        """What the receipt's QR code carries (progress query)."""
        return progress_qr_payload(self.reference())

    def qr_png(self) -> bytes:
        """The progress QR code as PNG bytes for the receipt screen (memory only)."""
        import io

        import qrcode

        buffer = io.BytesIO()
        qrcode.make(self.qr_payload(), border=2).save(buffer)
        return buffer.getvalue()

    def receipt(self) -> Receipt:
        """The receipt content for the printer (built from memory at print time)."""
        identity = self.session.draft.identity
        plan = self.plan()
        items = [self._item(code) for code in plan.item_codes]
        days = max((i.time_limit.promised_days for i in items if i is not None), default=None)
        promised = None
        if self.state.promised_date:
            try:
                promised = date.fromisoformat(self.state.promised_date)
            except ValueError:
                promised = None
        delivery = self.session.draft.delivery
        licence_en = self.catalog.document.licence_types_en
        materials = tuple(
            ReceivedMaterial(
                need.material.name,
                "licence" if source == "licence" else "captured",
                pages,
                _printable_en(material_name(need.material, "en", licence_en)),
            )
            for need, source, pages in self.material_status()
            if source != "missing"
        )
        settings = self.services.settings
        target = self.catalog.get(plan.code)
        members = [i for i in items if i is not None] if plan.kind == "bundle" else []
        return Receipt(
            english=not self._zh(),
            service_en=_printable_en(target_name(target, "en")) if target is not None else "",
            bundle_items_en=tuple(_printable_en(target_name(i, "en")) for i in members),
            hall_name=settings.kiosk.hall_name,
            service=target.name if target is not None else plan.code,
            applicant_name=identity.name if identity else "",
            id_number=identity.id_number if identity else "",
            submitted_at=datetime.fromtimestamp(self.services.clock.wall()),
            case_no=self.state.case_no or None,
            local_ref=None if self.state.case_no else self.state.local_ref,
            is_bundle=plan.kind == "bundle",
            bundle_items=tuple(self.item_names()) if plan.kind == "bundle" else (),
            materials=materials,
            delivery=Delivery(delivery.get("kind", "pickup"), delivery.get("address", ""), delivery.get("phone", "")),
            promised_date=promised if self.state.case_no else None,
            promised_days=days,
        )

    def print_receipt(self) -> bool:
        """Print the receipt as a job (result as :class:`ReceiptPrinted`); False if one runs."""
        if self.jobs.busy("receipt-print"):
            return False
        visit = self.state.visit_id
        try:
            receipt = self.receipt()
        except Exception as exc:  # noqa: BLE001 - no receipt content: say how to get one at the window
            log.warning("receipt not built: %s", type(exc).__name__)
            failed = self.services.t("receipt.print_failed")
            self._publish(ReceiptPrinted(visit, False, failed, failed))
            return True
        started = self.jobs.start(
            "receipt-print",
            lambda: self._print_job(visit, receipt),
            on_error=lambda exc: ReceiptPrinted(
                visit, False, f"{REPRINT_AT_WINDOW_ZH}（{type(exc).__name__}）", REPRINT_AT_WINDOW_EN
            ),
            keep_stale=True,
        )
        return started is not None

    def _print_job(self, visit: str, receipt: Receipt) -> ReceiptPrinted:
        printer = self.services.printer()
        if printer is None:
            event = ReceiptPrinted(visit, False, REPRINT_AT_WINDOW_ZH, REPRINT_AT_WINDOW_EN)
        else:
            result = print_receipt(printer, receipt, visit)
            event = ReceiptPrinted(visit, result.printed, result.message_zh, result.message_en)
            self.services.last_receipt = (_masked_for_reprint(receipt), visit)
        if event.printed and self.state.visit_id == visit:
            self.state.receipt_printed = True
        return event


def _printable_en(text: str) -> str:
    """English for paper: nothing where the catalog has none (the Chinese line above says it all)."""
    return "" if text in (CHINESE_ONLY, CHINESE_ONLY_NAME) else text


def _masked_for_reprint(receipt: Receipt) -> Receipt:
    """The receipt as the technician's 'reprint last receipt' keeps it in memory after the session: the
    name, ID number, address and phone already masked, so nothing of the citizen's stays in clear."""
    import dataclasses

    from kiosk.privacy import mask_id_number, mask_name, mask_phone

    delivery = dataclasses.replace(
        receipt.delivery,
        address=receipt.delivery.address[:6] and receipt.delivery.address[:6] + "…",
        phone=mask_phone(receipt.delivery.phone) if receipt.delivery.phone else "",
    )
    return dataclasses.replace(
        receipt,
        applicant_name=mask_name(receipt.applicant_name),
        id_number=mask_id_number(receipt.id_number),
        delivery=delivery,
    )

"""Review, delivery, submission, receipt and rating: the end of the application journey.

The screens call this part; long work (queuing, waiting for the case number, printing, sending the
rating) runs on worker threads and reports back with the events below on ``services.bus``. The
application is durable in the outbox before any network call; when the platform does not answer with a
case number within :attr:`Submission.wait_for_case_s` the receipt carries the outbox's local reference
and says the case number follows. Personal data is only read from ``session.draft`` (memory) and never
kept here.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.catalog import CHINESE_ONLY, CHINESE_ONLY_NAME, Item, material_name, target_name
from kiosk.errors import KioskError
from kiosk.forms import FieldError, FieldSpec, split_address, validate_form
from kiosk.privacy import mask_id_number, mask_name, mask_phone
from kiosk.receipts import Delivery, Receipt, ReceivedMaterial, print_receipt, progress_qr_payload
from kiosk.sync.application import Application, MaterialInput
from kiosk.sync.events import ApplicationFailed, ApplicationSent

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.catalog import Catalog, MaterialNeed, Plan
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices
    from kiosk.session import Session

log = logging.getLogger(__name__)

SIGNATURE_FIELD_VALUE = "kiosk-signature-pad"
"""What a form's ``signature`` field carries: the signature itself goes as a material (role signature)."""
DELIVERY_KINDS = ("pickup", "post")
RATING_LEVELS = (1, 2, 3, 4, 5)
RATING_REASONS: dict[str, tuple[str, ...]] = {
    "good": ("fast", "clear_guide", "easy_screens", "no_copies", "helpful_staff"),
    "bad": ("slow", "unclear_guide", "hard_screens", "device_fault", "too_many_materials"),
}
"""Reason keys offered for good (4-5) and bad (1-3) ratings; texts are in the ``rating`` locale table."""
COMMENT_MAX = 500


class SubmissionError(KioskError):
    """The application cannot be built or queued (says what to fix)."""


# --- events (no personal data) --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SubmissionProgress:
    """Where the submission stands: ``queuing``, ``sending``, ``done`` or ``failed``."""

    visit_id: str
    stage: str
    local_ref: str = ""
    case_no: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class CaseNumberArrived:
    """The case number of an application that was submitted offline arrived later."""

    visit_id: str
    local_ref: str
    case_no: str


@dataclass(frozen=True, slots=True)
class ReceiptPrinted:
    """A receipt print attempt ended; ``message_zh``/``message_en`` say how to get it otherwise."""

    visit_id: str
    printed: bool
    message_zh: str = ""
    message_en: str = ""


@dataclass(frozen=True, slots=True)
class RatingDone:
    """A rating is safe (``sent``: on disk for the platform, which the outbox worker delivers) or could not
    be kept (``reason``)."""

    visit_id: str
    sent: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the review summary: the step that edits it, a label and the (masked) value."""

    step: str
    label: str
    value: str


# --- helpers ----------------------------------------------------------------------------------------------
def sniff_content_type(data: bytes) -> str:
    """JPEG, PNG or PDF by magic bytes (JPEG when unknown)."""
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    return "image/jpeg"


def captured_pages(value: Any) -> list[bytes]:
    """The page bytes a material entry holds: bytes, a list of bytes, ``{"pages": [...]}`` or an object
    with ``pdf`` (an assembled material)."""
    if isinstance(value, bytes | bytearray):
        return [bytes(value)] if value else []
    if isinstance(value, dict):
        return captured_pages(value.get("pages") or value.get("pdf") or b"")
    pdf = getattr(value, "pdf", None)
    if isinstance(pdf, bytes | bytearray):
        return [bytes(pdf)]
    if isinstance(value, list | tuple):
        return [bytes(p) for p in value if isinstance(p, bytes | bytearray) and p]
    return []


def _licence_field(licence: Any, name: str) -> str:
    return str(licence.get(name, "") if isinstance(licence, dict) else getattr(licence, name, ""))


def _masked(spec: FieldSpec, value: Any) -> str:
    """How a form value shows on the review screen (personal values masked)."""
    if value is None or value == "":
        return ""
    if spec.kind == "name":
        return mask_name(str(value))
    if spec.kind == "id_number":
        return mask_id_number(str(value))
    if spec.kind == "phone":
        return mask_phone(str(value))
    if spec.kind == "address":
        parts = value if isinstance(value, dict) else split_address(str(value))
        head = "".join(str(parts.get(k, "")) for k in ("province", "city", "district"))
        return head + ("****" if parts.get("detail") else "")
    if spec.kind == "checkbox":
        return "✓" if value else "✗"
    if spec.kind == "signature":
        return "✓"
    if spec.kind == "choice":
        for choice in spec.choices:
            if choice.value == value:
                return choice.label
    if "account" in spec.name:
        text = str(value)
        return "*" * max(len(text) - 4, 0) + text[-4:]
    return str(value)


def address_text(value: Any) -> str:
    """An address dict (province, city, district, detail) as one line."""
    if isinstance(value, dict):
        return "".join(str(value.get(k, "")) for k in ("province", "city", "district", "detail"))
    return str(value or "")


class Submission:
    """Review summary, delivery choice, submission to the outbox, receipt, rating (one per case)."""

    wait_for_case_s = 8.0
    """How long the submitting screen waits for the platform's case number before going offline."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self._lock = threading.Lock()
        self._submitting = False
        self._printing = False
        self._rating = False
        self._watch: Callable[[], None] | None = None

    # --- what is being applied for --------------------------------------------------------------------
    @property
    def session(self) -> Session:
        """The citizen's session."""
        return self.services.session

    @property
    def catalog(self) -> Catalog:
        """The current catalog."""
        return self.services.catalog()

    def plan(self) -> Plan:
        """The catalog plan for the target and the answers (``state.plan`` when the situations step set it)."""
        if self.state.plan is not None and getattr(self.state.plan, "code", "") == self.state.target_code:
            return self.state.plan
        if not self.state.target_code:
            raise SubmissionError("no service item chosen / 未选择办理事项")
        return self.catalog.plan(self.state.target_code, self.session.draft.answers)

    def _zh(self) -> bool:
        return self.session.language != "en"

    def target_name(self) -> str:
        """The item or bundle name in the session language."""
        target = self.catalog.get(self.state.target_code)
        if target is None:
            return self.state.target_code
        english = getattr(target, "name_en", "")
        return target.name if self._zh() or not english else english

    def _item(self, code: str) -> Item | None:
        """The catalog item ``code`` (a plan's item codes name items, never bundles)."""
        target = self.catalog.get(code)
        return target if isinstance(target, Item) else None

    def item_names(self) -> list[str]:
        """Names of the items the application covers (one for an item, several for a bundle)."""
        names = []
        for code in self.plan().item_codes:
            target = self.catalog.get(code)
            names.append(target.name if target is not None else code)
        return names

    # --- review ---------------------------------------------------------------------------------------
    def form_values(self) -> dict[str, Any]:
        """The form as entered plus the signature field when the citizen has signed."""
        values = dict(self.session.draft.form)
        if self.session.draft.signature:
            for spec in self.plan().fields:
                if spec.kind == "signature":
                    values[spec.name] = SIGNATURE_FIELD_VALUE
        return values

    def licences(self) -> dict[str, Any]:
        """The holder's electronic licences by type (fetched after identification)."""
        found = self.session.draft.licences or []
        return {_licence_field(lic, "type"): lic for lic in found if _licence_field(lic, "ref")}

    def material_status(self) -> list[tuple[MaterialNeed, str, int]]:
        """``(need, source, pages)`` per material: source ``licence``, ``captured`` or ``missing``."""
        licences = self.licences()
        out = []
        for need in self.plan().materials:
            m = need.material
            pages = captured_pages(self.session.draft.materials.get(m.id))
            if pages:
                out.append((need, "captured", len(pages)))
            elif m.licence_type and m.licence_type in licences:
                out.append((need, "licence", 0))
            else:
                out.append((need, "missing", 0))
        return out

    def summary(self) -> list[SummaryRow]:
        """Everything entered, masked where personal, each row with the step that edits it."""
        t = self.services.t
        zh = self._zh()
        rows = [SummaryRow("catalog", t("review.item"), self.target_name())]
        identity = self.session.draft.identity
        if identity is not None:
            rows.append(
                SummaryRow(
                    "identify",
                    t("review.applicant"),
                    f"{mask_name(identity.name)}  {mask_id_number(identity.id_number)}",
                )
            )
        plan = self.plan()
        for question in plan.questions:
            answer = self.session.draft.answers.get(question.id)
            if answer is None:
                continue
            label = next(
                (c.label if zh or not c.label_en else c.label_en for c in question.choices if c.value == answer), answer
            )
            text = question.text if zh or not question.text_en else question.text_en
            rows.append(SummaryRow("situations", text, label))
        values = self.session.draft.form
        for spec in plan.fields:
            if spec.kind == "signature" or spec.name not in values:
                continue
            shown = _masked(spec, values[spec.name])
            if shown:
                rows.append(SummaryRow("form", spec.label if zh or not spec.label_en else spec.label_en, shown))
        for need, source, pages in self.material_status():
            text = {
                "licence": t("review.material_licence"),
                "captured": t("review.material_pages", pages=pages),
                "missing": t("review.material_missing"),
            }[source]
            rows.append(
                SummaryRow(
                    "materials",
                    material_name(need.material, self.session.language, self.catalog.document.licence_types_en),
                    text,
                )
            )
        return rows

    def problems(self) -> list[tuple[str, str]]:
        """``(step, message)`` for everything that stops submission (answers, form fields)."""
        from kiosk.catalog import ApplicationNotReady, prepare_application

        try:
            prepare_application(self.plan(), self._values_for_check())
        except ApplicationNotReady as exc:
            lang = "zh-CN" if self._zh() else "en"
            out = [("situations", q.text if lang == "zh-CN" else (q.text_en or q.text)) for q in exc.pending]
            out += [("form", e.message.get(lang, e.code)) for e in exc.errors]
            return out or [("form", str(exc))]
        except SubmissionError as exc:
            return [("catalog", str(exc))]
        return []

    def _values_for_check(self) -> dict[str, Any]:
        """Form values with the signature counted as present (it is asked on the review screen itself)."""
        values = self.form_values()
        for spec in self.plan().fields:
            if spec.kind == "signature":
                values.setdefault(spec.name, SIGNATURE_FIELD_VALUE)
        return values

    def set_signature(self, png: bytes) -> None:
        """Keep the signature PNG (memory only); an empty value clears it."""
        self.session.draft.signature = bytes(png)
        self.session.touch()

    def has_signature(self) -> bool:
        """True once the citizen has signed."""
        return bool(self.session.draft.signature)

    # --- delivery -------------------------------------------------------------------------------------
    def delivery_options(self) -> tuple[str, ...]:
        """``pickup`` always; ``post`` when every item of the application can be sent by post."""
        kinds = ["pickup"]
        items = [self._item(code) for code in self.plan().item_codes]
        if items and all(i is not None and "post" in i.delivery for i in items):
            kinds.append("post")
        return tuple(kinds)

    def delivery_defaults(self) -> tuple[str, str]:
        """Address and phone to pre-fill: the form's, else the card's address."""
        form = self.session.draft.form
        address = ""
        for spec in self.plan().fields:
            if spec.kind == "address" and form.get(spec.name):
                address = address_text(form[spec.name])
                break
        if not address and self.session.draft.identity is not None:
            address = self.session.draft.identity.address
        phone = self.session.draft.phone or next(
            (str(form[s.name]) for s in self.plan().fields if s.kind == "phone" and form.get(s.name)), ""
        )
        saved = self.session.draft.delivery
        return str(saved.get("address") or address), str(saved.get("phone") or phone)

    def choose_delivery(self, kind: str, address: str = "", phone: str = "") -> list[FieldError]:
        """Store the delivery choice; for post the address and phone must be valid (errors returned)."""
        if kind not in self.delivery_options():
            raise SubmissionError(f"delivery {kind!r} is not offered here; choose {', '.join(self.delivery_options())}")
        if kind == "pickup":
            self.session.draft.delivery.clear()
            self.session.draft.delivery["kind"] = "pickup"
            return []
        specs = (
            FieldSpec(name="address", kind="address", label="邮寄地址", label_en="Postal address"),
            FieldSpec(name="phone", kind="phone", label="收件人手机号码", label_en="Recipient's mobile number"),
        )
        result = validate_form(specs, {"address": split_address(address), "phone": phone})
        if not result.ok:
            return result.errors
        self.session.draft.delivery.clear()
        self.session.draft.delivery.update(
            kind="post",
            address=address_text(result.values["address"]),
            address_parts=result.values["address"],
            phone=result.values["phone"],
        )
        self.session.draft.phone = result.values["phone"]
        return []

    # --- the application --------------------------------------------------------------------------------
    def _materials(self) -> list[MaterialInput]:
        licences = self.licences()
        out: list[MaterialInput] = []
        for need, source, _pages in self.material_status():
            m = need.material
            if source == "licence":
                out.append(MaterialInput(m.name, licence_ref=_licence_field(licences[m.licence_type or ""], "ref")))
            elif source == "captured":
                pages = captured_pages(self.session.draft.materials.get(m.id))
                if len(pages) > 1 and all(sniff_content_type(p) == "image/jpeg" for p in pages):
                    from kiosk.journey.materials import pages_to_pdf

                    pages = [pages_to_pdf(pages)]
                for number, page in enumerate(pages, start=1):
                    name = m.name if len(pages) == 1 else f"{m.name}（第{number}页）"
                    out.append(MaterialInput(name, sniff_content_type(page), page))
        return out

    def build_application(self) -> Application:
        """The application for the outbox (raises :class:`SubmissionError` with what is missing)."""
        from kiosk.catalog import ApplicationNotReady, prepare_application

        identity = self.session.draft.identity
        if identity is None:
            raise SubmissionError("no applicant identity / 未识别申请人身份")
        if not self.session.draft.signature:
            raise SubmissionError("not signed / 尚未签名")
        try:
            draft = prepare_application(self.plan(), self.form_values())
        except ApplicationNotReady as exc:
            raise SubmissionError(f"application not ready: {exc}") from None
        delivery = dict(self.session.draft.delivery) or {"kind": "pickup"}
        applicant = {
            "name": identity.name,
            "id_number": identity.id_number,
            "document_type": str(identity.document_type),
        }
        phone = self.session.draft.phone or delivery.get("phone", "")
        if phone:
            applicant["phone"] = phone
        return Application(
            visit_id=self.state.visit_id,
            item_code=draft.code,
            applicant=applicant,
            form=draft.payload(),
            delivery=delivery,
            materials=self._materials(),
            signature_png=self.session.draft.signature,
            face_photo_jpeg=self.session.draft.face_photo,
            bundle_code=draft.code if draft.kind == "bundle" else "",
        )

    def submit(self) -> bool:
        """Queue and send on a worker thread (progress as :class:`SubmissionProgress`); False if running."""
        with self._lock:
            if self._submitting:
                return False
            self._submitting = True
        visit = self.state.visit_id
        try:
            app = self.build_application()
        except SubmissionError as exc:
            with self._lock:
                self._submitting = False
            self._publish(SubmissionProgress(visit, "failed", message=str(exc)))
            return True
        threading.Thread(target=self._submit_worker, args=(app,), name="submission", daemon=True).start()
        return True

    def _submit_worker(self, app: Application) -> None:
        try:
            self.submit_blocking(app)
        except Exception as exc:  # noqa: BLE001 - the citizen must get an answer, never a frozen screen
            log.exception("submission failed")
            self._publish(SubmissionProgress(app.visit_id, "failed", message=type(exc).__name__))
        finally:
            with self._lock:
                self._submitting = False

    def submit_blocking(self, app: Application) -> SubmissionProgress:
        """Queue ``app`` durably, then wait up to :attr:`wait_for_case_s` for its case number."""
        sent: dict[str, ApplicationSent] = {}
        failed: set[str] = set()
        arrived = threading.Event()

        def on_sent(event: ApplicationSent) -> None:
            sent[event.local_ref] = event
            arrived.set()

        def on_failed(event: ApplicationFailed) -> None:
            failed.add(event.local_ref)
            arrived.set()

        bus = self.services.bus
        unsubscribe = [bus.subscribe(ApplicationSent, on_sent), bus.subscribe(ApplicationFailed, on_failed)]
        try:
            self._publish(SubmissionProgress(app.visit_id, "queuing"))
            queued = self.services.require_sync().worker.enqueue(app)
            if app.visit_id == self.state.visit_id:
                self.state.local_ref = queued.local_ref
            self._publish(SubmissionProgress(app.visit_id, "sending", queued.local_ref))
            entry = self.services.require_sync().outbox.find(queued.local_ref)
            case_no, promised = (entry.case_no or "", "") if entry is not None else ("", "")
            deadline = self.services.clock.monotonic() + self.wait_for_case_s
            while not case_no and queued.local_ref not in failed:
                if queued.local_ref in sent:
                    case_no, promised = sent[queued.local_ref].case_no, sent[queued.local_ref].promised_date
                    break
                left = deadline - self.services.clock.monotonic()
                if left <= 0:
                    break
                arrived.wait(min(left, 0.5))
                arrived.clear()
        finally:
            for off in unsubscribe:
                off()
        if app.visit_id == self.state.visit_id:
            self.state.case_no = case_no
            self.state.promised_date = promised
            if not case_no:
                self._watch_for_case(app.visit_id, queued.local_ref)
        done = SubmissionProgress(app.visit_id, "done", queued.local_ref, case_no)
        self._publish(done)
        return done

    def _watch_for_case(self, visit: str, local_ref: str) -> None:
        """Offline: when the case number arrives later in this same visit, update the state and say so."""

        def on_sent(event: ApplicationSent) -> None:
            if event.local_ref != local_ref:
                return
            self._stop_watch()
            if self.state.visit_id == visit:
                self.state.case_no = event.case_no
                self.state.promised_date = event.promised_date
                self._publish(CaseNumberArrived(visit, local_ref, event.case_no))

        self._stop_watch()
        self._watch = self.services.bus.subscribe(ApplicationSent, on_sent)

    def _stop_watch(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None:
            watch()

    @property
    def submitting(self) -> bool:
        """True while a submission runs."""
        return self._submitting

    # --- receipt --------------------------------------------------------------------------------------
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
        """Print the receipt on a worker thread (result as :class:`ReceiptPrinted`); False if running."""
        with self._lock:
            if self._printing:
                return False
            self._printing = True
        visit = self.state.visit_id
        try:
            receipt = self.receipt()
        except Exception as exc:  # noqa: BLE001 - no receipt content: say how to get one at the window
            log.warning("receipt not built: %s", type(exc).__name__)
            with self._lock:
                self._printing = False
            self._publish(
                ReceiptPrinted(
                    visit, False, self.services.t("receipt.print_failed"), self.services.t("receipt.print_failed")
                )
            )
            return True
        threading.Thread(target=self._print_worker, args=(visit, receipt), name="receipt-print", daemon=True).start()
        return True

    def _print_worker(self, visit: str, receipt: Receipt) -> None:
        try:
            printer = self.services.printer()
            if printer is None:
                from devices.printer.result import REPRINT_AT_WINDOW_EN, REPRINT_AT_WINDOW_ZH

                event = ReceiptPrinted(visit, False, REPRINT_AT_WINDOW_ZH, REPRINT_AT_WINDOW_EN)
            else:
                result = print_receipt(printer, receipt, visit)
                event = ReceiptPrinted(visit, result.printed, result.message_zh, result.message_en)
                self.services.last_receipt = (_masked_for_reprint(receipt), visit)
            if event.printed and self.state.visit_id == visit:
                self.state.receipt_printed = True
            self._publish(event)
        except Exception as exc:  # noqa: BLE001 - a printer bug must not leave the citizen without an answer
            log.exception("receipt printing failed")
            from devices.printer.result import REPRINT_AT_WINDOW_EN, REPRINT_AT_WINDOW_ZH

            self._publish(
                ReceiptPrinted(visit, False, f"{REPRINT_AT_WINDOW_ZH}（{type(exc).__name__}）", REPRINT_AT_WINDOW_EN)
            )
        finally:
            with self._lock:
                self._printing = False

    # --- rating ---------------------------------------------------------------------------------------
    def reasons_for(self, level: int) -> tuple[str, ...]:
        """The reason keys offered for a rating level."""
        return RATING_REASONS["good" if level >= 4 else "bad"]

    def rate(self, level: int, reasons: list[str] | tuple[str, ...] = (), comment: str = "") -> bool:
        """Keep one rating for this visit (and its case) for the platform, on a worker thread; False when
        already rated or running. The outbox worker sends it, offline or not (:mod:`kiosk.sync.ratings`)."""
        if level not in RATING_LEVELS:
            raise SubmissionError(f"rating level must be 1-5, not {level!r}")
        allowed = set(self.reasons_for(level))
        unknown = [r for r in reasons if r not in allowed]
        if unknown:
            raise SubmissionError(f"unknown reason(s) for level {level}: {', '.join(unknown)}")
        with self._lock:
            if self.state.rating_sent or self._rating:
                return False
            self._rating = True
        visit = self.state.visit_id
        texts = [self.services.t(f"rating.reason_{r}") for r in reasons]
        threading.Thread(
            target=self._rate_worker, args=(visit, level, texts, comment[:COMMENT_MAX]), name="rating", daemon=True
        ).start()
        return True

    def _rate_worker(self, visit: str, level: int, reasons: list[str], comment: str) -> None:
        try:  # store-and-forward: kept on disk, sent with the case number once the platform has the case
            self.services.require_sync().worker.enqueue_rating(visit, level, reasons, comment)
        except Exception as exc:  # noqa: BLE001 - a full disk: the citizen is thanked anyway
            log.warning("rating not kept: %s", type(exc).__name__)
            with self._lock:
                self._rating = False
            self._publish(RatingDone(visit, False, type(exc).__name__))
            return
        with self._lock:
            self._rating = False
            if self.state.visit_id == visit:
                self.state.rating_sent = True
        self._publish(RatingDone(visit, True))

    @property
    def rated(self) -> bool:
        """True once this case's rating was sent."""
        return bool(self.state.rating_sent)

    # --- plumbing -------------------------------------------------------------------------------------
    def _publish(self, event: object) -> None:
        self.services.bus.publish(event)

    def reset(self) -> None:
        """The session ended: stop watching for a late case number (threads drop stale results by visit)."""
        self._stop_watch()


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

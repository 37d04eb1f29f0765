"""Review: what is being applied for, the summary of everything entered (masked), what still stops
the submission, and the signature. The base of the other end-of-journey parts (delivery, submit,
receipt, rating), which :class:`~kiosk.journey.submission.Submission` puts together."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from kiosk.catalog import Item, material_name
from kiosk.jobs import JobRunner
from kiosk.journey.outcomes import SIGNATURE_FIELD_VALUE, SubmissionError, SummaryRow
from kiosk.journey.values import captured_pages, licence_field, masked_value
from kiosk.privacy import mask_id_number, mask_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.catalog import Catalog, MaterialNeed, Plan
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices
    from kiosk.session import Session


class Review:
    """The application as the review screen shows it; the shared plumbing of the end of the journey."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self._lock = threading.Lock()
        self._watch: Callable[[], None] | None = None
        self.jobs = JobRunner(services.bus, lambda: state.visit_id)
        """Submitting, printing and rating run here, one of each at a time."""

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
        return not self.services.english()

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
        return {licence_field(lic, "type"): lic for lic in found if licence_field(lic, "ref")}

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
            shown = masked_value(spec, values[spec.name])
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

    def _publish(self, event: object) -> None:
        self.services.bus.publish(event)

"""Situations and form: the plan for the chosen item or bundle, the questions that matter, then the form.

Answers live in ``session.draft.answers`` and form values in ``session.draft.form`` (personal data,
memory only). The plan (``state.plan``) is recomputed after every answer, so the materials list on the
situations screen follows the citizen's choices. The signature field is not part of this form: the
review screen collects it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.catalog import Plan, Question, material_name
from kiosk.forms import FieldError, FieldSpec, FormResult, prefill, validate_form, visible_fields
from kiosk.journey.regions import Regions, load_regions

if TYPE_CHECKING:
    from kiosk.catalog import Catalog
    from kiosk.draft import ApplicationDraft
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices

SKIPPED_KINDS = frozenset({"signature"})
"""Field kinds another screen fills (the signature pad on the review screen)."""

KEYBOARD_MODES: dict[str, str] = {
    "id_number": "id",
    "phone": "digits",
    "number": "digits",
    "money": "digits",
    "date": "digits",
    "name": "pinyin",
    "text": "pinyin",
    "address": "pinyin",
}
"""On-screen keyboard mode per field kind (``letters`` for codes and accounts, see :func:`keyboard_mode`)."""

_LETTER_FIELDS = re.compile(r"(credit_code|account|english|email|_no$)")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def keyboard_mode(spec: FieldSpec) -> str:
    """The keyboard mode for a field: pinyin for Chinese text, id pad, digits, letters for codes."""
    if spec.kind == "text" and _LETTER_FIELDS.search(spec.name):
        return "letters"
    return KEYBOARD_MODES.get(spec.kind, "pinyin")


def normalise_value(spec: FieldSpec, value: Any) -> Any:
    """Typed text made acceptable where unambiguous: ``19850612`` → ``1985-06-12``, ID ``x`` → ``X``."""
    if isinstance(value, str):
        value = value.strip()
        if spec.kind == "date" and (match := _COMPACT_DATE.match(value)):
            return "-".join(match.groups())
        if spec.kind == "id_number":
            return value.upper()
    return value


class Filling:
    """The plan for ``state.target_code``, its questions, and the form with validation."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self._regions: Regions | None = None

    # --- plumbing -----------------------------------------------------------------------------
    @property
    def data(self) -> ApplicationDraft:
        """The session's personal data."""
        return self.services.session.draft

    @property
    def regions(self) -> Regions:
        """Provinces, cities and districts for address pickers."""
        if self._regions is None:
            self._regions = load_regions()
        return self._regions

    def _catalog(self) -> Catalog:
        return self.services.catalog()

    # --- situations ---------------------------------------------------------------------------
    def plan(self) -> Plan:
        """The plan for the target under the answers so far (recomputed, kept in ``state.plan``)."""
        plan = self._catalog().plan(self.state.target_code, dict(self.data.answers))
        self.state.plan = plan
        self.state.target_kind = self.state.target_kind or plan.kind
        return plan

    def current_plan(self) -> Plan:
        """The plan already computed, or a fresh one."""
        plan = self.state.plan
        if plan is None or plan.code != self.state.target_code:
            plan = self.plan()
        return plan

    def questions(self) -> tuple[Question, ...]:
        """Questions that matter now (answered ones included so the citizen can change them)."""
        return self.current_plan().questions

    def next_question(self) -> Question | None:
        """The first question still to answer, or None when the plan is complete."""
        pending = self.current_plan().pending
        return pending[0] if pending else None

    def answer(self, question_id: str, value: str) -> Plan:
        """Record an answer; answers of branches no longer taken are dropped."""
        self.data.answers[question_id] = value
        plan = self.plan()
        self.data.answers.clear()
        self.data.answers.update(plan.answers)
        return plan

    def answer_of(self, question_id: str) -> str:
        """The current answer to a question ('' when unanswered)."""
        return str(self.data.answers.get(question_id, ""))

    def situations_done(self) -> bool:
        """True when every question that matters has an answer."""
        return self.current_plan().complete

    def material_names(self) -> list[str]:
        """The materials the answers so far lead to, for the situations screen, in the session's language."""
        language = self.services.session.language
        licences_en = self._catalog().document.licence_types_en
        return [material_name(need.material, language, licences_en) for need in self.current_plan().materials]

    # --- form ---------------------------------------------------------------------------------
    def fields(self) -> list[FieldSpec]:
        """Fields shown on the form screen (visible under the answers, signature left to review)."""
        plan = self.current_plan()
        return [f for f in visible_fields(plan.fields, plan.answers) if f.kind not in SKIPPED_KINDS]

    def start_form(self) -> dict[str, Any]:
        """Pre-fill empty fields from the identity (card or typed); returns the form values."""
        for name, value in prefill(self.fields(), self.data.identity).items():
            if name in self.data.form:
                continue
            self.data.form[name] = self.regions.normalise(value) if isinstance(value, dict) else value
        return self.data.form

    def value(self, name: str) -> Any:
        """The current value of a field (None when not entered)."""
        return self.data.form.get(name)

    def set_value(self, name: str, value: Any) -> None:
        """Store a field's value as entered."""
        self.data.form[name] = value

    def values(self) -> dict[str, Any]:
        """The form values normalised for validation (only the fields shown)."""
        return {
            f.name: normalise_value(f, self.data.form.get(f.name))
            for f in self.fields()
            if self.data.form.get(f.name) is not None
        }

    def validate(self) -> FormResult:
        """Validate the whole form (today's date from the kiosk clock)."""
        return validate_form(self.fields(), self.values(), today=self._today())

    def errors(self) -> dict[str, str]:
        """Field name → message in the session's language, for every field refused now."""
        return {e.field: self.message(e) for e in self.validate().errors}

    def error_for(self, name: str) -> str:
        """The message for one field ('' when it is fine)."""
        return self.errors().get(name, "")

    def message(self, error: FieldError) -> str:
        """An error's text in the session's language."""
        language = self.services.session.language
        return error.message.get(language) or error.message.get("zh-CN", "")

    def ready(self) -> bool:
        """True when the form is valid and may be left with 'next'."""
        return self.current_plan().complete and self.validate().ok

    def keyboard_mode(self, spec: FieldSpec) -> str:
        """Keyboard mode for a field (see :func:`keyboard_mode`)."""
        return keyboard_mode(spec)

    def label(self, spec: FieldSpec) -> str:
        """A field's label in the session's language."""
        return spec.english_label if self.services.english() else spec.label

    def _today(self) -> date:
        return datetime.fromtimestamp(self.services.clock.wall()).date()

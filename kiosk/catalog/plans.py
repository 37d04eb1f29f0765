"""Plans for one item or a one-thing bundle: merged questions, one form, a de-duplicated materials list,
and the application draft that names every item it covers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from kiosk.catalog.language import CHINESE_ONLY_NAME, pick
from kiosk.catalog.model import Item, Material, Question
from kiosk.catalog.situations import clean_answers, merge_questions, resolve
from kiosk.errors import KioskError
from kiosk.forms import FieldError, FieldSpec, validate_form


@dataclass(frozen=True, slots=True)
class MaterialNeed:
    """One material on the checklist and the items that need it."""

    material: Material
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """What the citizen is asked and must bring for an item or bundle, given the answers so far."""

    kind: Literal["item", "bundle"]
    code: str
    name: str
    item_codes: tuple[str, ...]
    answers: dict[str, str]
    questions: tuple[Question, ...]
    pending: tuple[Question, ...]
    materials: tuple[MaterialNeed, ...]
    fields: tuple[FieldSpec, ...]
    name_en: str = ""

    @property
    def complete(self) -> bool:
        """True when every question that matters has an answer."""
        return not self.pending

    def display_name(self, language: str) -> str:
        """The item's or bundle's name in ``language``."""
        return pick(self.name, self.name_en, language, CHINESE_ONLY_NAME)


@dataclass(frozen=True, slots=True)
class PreparedApplication:
    """A validated application ready for the outbox: the target, its items, answers, form and materials."""

    kind: Literal["item", "bundle"]
    code: str
    item_codes: tuple[str, ...]
    answers: dict[str, str]
    form: dict[str, Any]
    materials: tuple[dict[str, Any], ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        """The JSON-able part of the platform's application body that the catalog decides."""
        return {
            "kind": self.kind,
            "code": self.code,
            "items": list(self.item_codes),
            "situation": dict(self.answers),
            "form": dict(self.form),
            "materials": [dict(m) for m in self.materials],
        }


class ApplicationNotReady(KioskError):
    """The application cannot be built yet: questions unanswered or form fields refused."""

    def __init__(self, message: str, pending: Sequence[Question] = (), errors: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.pending = list(pending)
        self.errors = list(errors)


def _material_key(material: Material) -> str:
    return f"licence:{material.licence_type}" if material.licence_type else f"id:{material.id}"


def merge_materials(needs: Sequence[tuple[str, Sequence[Material]]]) -> list[MaterialNeed]:
    """One entry per distinct material (same id or same licence type), the largest demand kept."""
    merged: dict[str, MaterialNeed] = {}
    for code, materials in needs:
        for m in materials:
            key = _material_key(m)
            seen = merged.get(key)
            if seen is None:
                merged[key] = MaterialNeed(m, (code,))
                continue
            old = seen.material
            update: dict[str, Any] = {"copies": max(old.copies, m.copies)}
            if old.form != m.form:
                update["form"] = "original_and_copy"
            if old.medium != m.medium:
                update["medium"] = "paper_or_electronic"
            items = seen.items if code in seen.items else (*seen.items, code)
            merged[key] = MaterialNeed(old.model_copy(update=update), items)
    return list(merged.values())


def merge_fields(groups: Sequence[Sequence[FieldSpec]]) -> list[FieldSpec]:
    """Each field name once (first definition kept), required when any item requires it."""
    merged: dict[str, FieldSpec] = {}
    for group in groups:
        for spec in group:
            seen = merged.get(spec.name)
            if seen is None:
                merged[spec.name] = spec
            elif spec.required and not seen.required:
                merged[spec.name] = seen.model_copy(update={"required": True})
    return list(merged.values())


def plan_for(
    kind: Literal["item", "bundle"],
    code: str,
    name: str,
    items: Sequence[Item],
    answers: Mapping[str, str],
    derived: Iterable[str] = (),
    name_en: str = "",
) -> Plan:
    """Resolve every item under the shared answers and merge the results (``derived`` fields not asked)."""
    skip = set(derived)
    outcomes = [resolve(item, answers) for item in items]
    questions = merge_questions([o.questions for o in outcomes])
    kept: dict[str, str] = {}
    for item in items:
        kept.update(clean_answers(item, answers))
    return Plan(
        kind=kind,
        code=code,
        name=name,
        item_codes=tuple(i.code for i in items),
        answers=kept,
        questions=tuple(questions),
        pending=tuple(merge_questions([o.pending for o in outcomes])),
        materials=tuple(merge_materials([(i.code, o.materials) for i, o in zip(items, outcomes, strict=True)])),
        fields=tuple(f for f in merge_fields([o.fields for o in outcomes]) if f.name not in skip),
        name_en=name_en,
    )


def prepare_application(plan: Plan, values: Mapping[str, Any], today: date | None = None) -> PreparedApplication:
    """Validate the form for ``plan`` and build the draft; :class:`ApplicationNotReady` says what is missing."""
    if not plan.complete:
        raise ApplicationNotReady(f"{len(plan.pending)} question(s) unanswered", pending=plan.pending)
    result = validate_form(plan.fields, values, today=today)
    if not result.ok:
        raise ApplicationNotReady(f"{len(result.errors)} field(s) need attention", errors=result.errors)
    materials = tuple(
        {
            "id": n.material.id,
            "name": n.material.name,
            "licence_type": n.material.licence_type,
            "copies": n.material.copies,
            "items": list(n.items),
        }
        for n in plan.materials
    )
    return PreparedApplication(plan.kind, plan.code, plan.item_codes, dict(plan.answers), result.values, materials)

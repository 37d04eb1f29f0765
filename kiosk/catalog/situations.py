"""Situation logic (情形): which questions to ask, and the materials and fields that follow from the answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.catalog.language import is_english, material_name
from kiosk.catalog.model import Item, Material, Question
from kiosk.forms import FieldSpec, conditions_hold


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the answers so far lead to for one item."""

    questions: tuple[Question, ...]
    """Questions that matter now, in order (answered ones included so the citizen can change them)."""
    pending: tuple[Question, ...]
    """Questions still to answer before the lists below are final."""
    materials: tuple[Material, ...]
    fields: tuple[FieldSpec, ...]

    @property
    def complete(self) -> bool:
        """True when nothing is left to ask."""
        return not self.pending


def _referenced(item: Item) -> set[str]:
    """Question ids that some material, field or other question depends on."""
    refs: set[str] = set()
    for m in item.materials:
        refs.update(m.when)
    for f in item.form:
        refs.update(f.when)
    for q in item.situations:
        refs.update(q.when)
    return refs


def clean_answers(item: Item, answers: Mapping[str, str]) -> dict[str, str]:
    """Keep answers to this item's questions that are offered options and whose question is still asked.

    Conditions refer only to earlier questions (validated), so one pass in order settles it: an answer
    left over from a branch the citizen has since left no longer adds materials.
    """
    out: dict[str, str] = {}
    for q in item.situations:
        value = answers.get(q.id)
        if value in {c.value for c in q.choices} and conditions_hold(q.when, out):
            out[q.id] = str(value)
    return out


def questions_to_ask(item: Item, answers: Mapping[str, str]) -> list[Question]:
    """The questions that matter given the answers: reachable (their ``when`` holds) and deciding something."""
    answers = clean_answers(item, answers)
    refs = _referenced(item)
    return [q for q in item.situations if q.id in refs and conditions_hold(q.when, answers)]


def resolve(item: Item, answers: Mapping[str, str]) -> Outcome:
    """Questions, materials and form fields for ``item`` under ``answers`` (unknown answers are ignored)."""
    answers = clean_answers(item, answers)
    asked = questions_to_ask(item, answers)
    pending = tuple(q for q in asked if q.id not in answers)
    materials = tuple(m for m in item.materials if conditions_hold(m.when, answers))
    fields = tuple(f for f in item.form if conditions_hold(f.when, answers))
    return Outcome(tuple(asked), pending, materials, fields)


def describe_material(
    material: Material, language: str = "zh-CN", licence_types_en: Mapping[str, str] | None = None
) -> str:
    """One line for a checklist: 名称（原件/复印件 N 份，纸质/电子）, or its English in English."""
    name = material_name(material, language, licence_types_en)
    if is_english(language):
        n = material.copies
        many = "" if n == 1 else "s"
        count = {
            "original": f"{n} original{many}",
            "copy": f"{n} photocop{'y' if n == 1 else 'ies'}",
            "original_and_copy": f"original and {n} photocop{'y' if n == 1 else 'ies'}",
        }[material.form]
        if not n:
            count = {"original": "original", "copy": "photocopy", "original_and_copy": "original and photocopy"}[
                material.form
            ]
        medium = {"paper": "paper", "electronic": "electronic", "paper_or_electronic": "paper or electronic"}[
            material.medium
        ]
        licence = "; an electronic licence will do" if material.licence_type else ""
        return f"{name} ({count}, {medium}{licence})"
    form = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}[material.form]
    medium = {"paper": "纸质", "electronic": "电子", "paper_or_electronic": "纸质或电子"}[material.medium]
    copies = f" {material.copies} 份" if material.copies else ""
    licence = "，可用电子证照" if material.licence_type else ""
    return f"{name}（{form}{copies}，{medium}{licence}）"


def merge_questions(groups: Sequence[Sequence[Question]]) -> list[Question]:
    """Questions of several items with each id once (first occurrence wins, order kept)."""
    seen: dict[str, Question] = {}
    for group in groups:
        for q in group:
            seen.setdefault(q.id, q)
    return list(seen.values())

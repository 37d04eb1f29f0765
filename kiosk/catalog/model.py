"""The catalog document (wire format ``kiosk-catalog/1``): items with their 办事指南, situations, forms, bundles.

Every model forbids unknown keys, so a typo in a hall's catalog file or a mangled platform answer is
refused with the exact path of the problem instead of silently losing a guide field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk.forms import Choice, FieldSpec

FORMAT = "kiosk-catalog/1"
CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
KEY = r"^[a-z][a-z0-9_]{0,39}$"
Conditions = dict[str, tuple[str, ...]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Material(_Strict):
    """One material to hand in (申请材料)."""

    id: str = Field(pattern=KEY, description="Stable key; the same id in two bundled items is one material.")
    name: str = Field(min_length=1, max_length=80)
    name_en: str = Field("", max_length=200)
    form: Literal["original", "copy", "original_and_copy"] = Field(
        "original", description="原件 / 复印件 / 原件及复印件."
    )
    copies: int = Field(1, ge=0, le=20)
    medium: Literal["paper", "electronic", "paper_or_electronic"] = "paper_or_electronic"
    licence_type: str | None = Field(None, description="Electronic licence type that can stand in for it.")
    source: str = Field("申请人自备", max_length=60, description="Who issues it (申请人自备, 公安机关…).")
    source_en: str = Field("", max_length=150)
    note: str = Field("", max_length=300)
    note_en: str = Field("", max_length=750)
    when: Conditions = Field(default_factory=dict, description="Needed only when these answers hold.")


class Question(_Strict):
    """A situation question (情形) that decides materials and fields."""

    id: str = Field(pattern=KEY)
    text: str = Field(min_length=2, max_length=80)
    text_en: str = Field("", max_length=160)
    kind: Literal["yes_no", "choice"] = "yes_no"
    options: tuple[Choice, ...] = ()
    when: Conditions = Field(default_factory=dict, description="Asked only when earlier answers hold.")
    help: str = Field("", max_length=200)
    help_en: str = Field("", max_length=500)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The options to show (是 / 否 for yes/no questions)."""
        if self.kind == "yes_no":
            return (Choice(value="yes", label="是", label_en="Yes"), Choice(value="no", label="否", label_en="No"))
        return self.options

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError(f"question {self.id}: a choice question needs at least two options")
        if self.kind == "yes_no" and self.options:
            raise ValueError(f"question {self.id}: a yes/no question takes no options")
        return self


class Step(_Strict):
    """One step of the process (办理流程)."""

    name: str = Field(min_length=1, max_length=30)
    name_en: str = Field("", max_length=80)
    detail: str = Field("", max_length=300)
    detail_en: str = Field("", max_length=750)


class TimeLimit(_Strict):
    """Legal and promised time limits in working days (0 = 即办, done on the spot)."""

    legal_days: int | None = Field(None, ge=0, le=365)
    promised_days: int = Field(ge=0, le=365)
    note: str = Field("", max_length=200)
    note_en: str = Field("", max_length=500)


class Fee(_Strict):
    """One fee and the rule that sets it."""

    name: str = Field(min_length=1, max_length=60)
    name_en: str = Field("", max_length=150)
    amount: str = Field(min_length=1, max_length=60, description="As published: '80元/件', '按面积计收'.")
    amount_en: str = Field("", max_length=150)
    basis: str = Field(min_length=1, max_length=200)
    basis_en: str = Field("", max_length=500)


class Place(_Strict):
    """Where and when the item is handled in person."""

    address: str = Field(min_length=2, max_length=120)
    address_en: str = Field("", max_length=300)
    window: str = Field("", max_length=60)
    window_en: str = Field("", max_length=150)
    hours: str = Field(min_length=2, max_length=120)
    hours_en: str = Field("", max_length=300)


class Contact(_Strict):
    """Consultation and complaint channels."""

    consult_phone: str = Field(min_length=5, max_length=40)
    complaint_phone: str = Field(min_length=5, max_length=40)
    consult_phone_en: str = Field("", max_length=100, description="The phone as English readers see it.")
    complaint_phone_en: str = Field("", max_length=100)


class Faq(_Strict):
    """A frequent question with its answer."""

    q: str = Field(min_length=2, max_length=120)
    q_en: str = Field("", max_length=300)
    a: str = Field(min_length=2, max_length=400)
    a_en: str = Field("", max_length=1000)


class Item(_Strict):
    """A service item (事项) with its complete guide (办事指南)."""

    code: str = Field(pattern=CODE)
    name: str = Field(min_length=2, max_length=60)
    name_en: str = Field("", max_length=120)
    keywords: tuple[str, ...] = Field((), description="Other names citizens use; searched like the name.")
    department: str = Field(pattern=CODE)
    category: str = Field(pattern=CODE)
    audience: tuple[Literal["personal", "enterprise"], ...] = Field(min_length=1)
    item_type: str = Field("公共服务", max_length=20, description="行政许可, 行政确认, 公共服务, 行政给付…")
    item_type_en: str = Field("", max_length=50, description="Empty: the usual types have English built in.")
    conditions: tuple[str, ...] = Field(min_length=1)
    conditions_en: tuple[str, ...] = Field((), description="Empty, or one English line per condition.")
    materials: tuple[Material, ...] = ()
    situations: tuple[Question, ...] = ()
    form: tuple[FieldSpec, ...] = ()
    process: tuple[Step, ...] = Field(min_length=1)
    time_limit: TimeLimit
    fees: tuple[Fee, ...] = Field((), description="Empty: 不收费.")
    legal_basis: tuple[str, ...] = Field(min_length=1)
    legal_basis_en: tuple[str, ...] = Field((), description="Empty, or one English line per legal basis.")
    place: Place
    visits: int = Field(ge=0, le=5, description="Times the citizen must come in person.")
    online: bool = Field(description="Can be applied for on the online hall.")
    kiosk: bool = Field(description="Can be applied for at this kiosk.")
    delivery: tuple[Literal["pickup", "post", "electronic"], ...] = ("pickup",)
    result: str = Field("", max_length=80, description="What the citizen receives (证照, 批复…).")
    result_en: str = Field("", max_length=200)
    faqs: tuple[Faq, ...] = ()
    contact: Contact
    popularity: int = Field(0, ge=0, le=1_000_000, description="Relative demand; breaks search ties.")

    @model_validator(mode="after")
    def _parallel_english(self) -> Item:
        for name in ("conditions", "legal_basis"):
            english = getattr(self, f"{name}_en")
            if english and len(english) != len(getattr(self, name)):
                raise ValueError(
                    f"item {self.code}: {name}_en has {len(english)} lines, {name} has {len(getattr(self, name))}"
                )
        return self

    def question(self, question_id: str) -> Question | None:
        """The situation question with this id, if any."""
        return next((q for q in self.situations if q.id == question_id), None)

    def problems(self, licence_types: Iterable[str]) -> list[str]:
        """Cross-reference problems inside this item (unknown questions/answers/licences, duplicates)."""
        out: list[str] = []
        known_licences = set(licence_types)
        asked: dict[str, set[str]] = {}
        for q in self.situations:
            if q.id in asked:
                out.append(f"item {self.code}: question {q.id} appears twice")
            out.extend(_condition_problems(self.code, f"question {q.id}", q.when, asked))
            asked[q.id] = {c.value for c in q.choices}
        ids = [m.id for m in self.materials]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            out.append(f"item {self.code}: material {dup} appears twice")
        for m in self.materials:
            out.extend(_condition_problems(self.code, f"material {m.id}", m.when, asked))
            if m.licence_type is not None and m.licence_type not in known_licences:
                out.append(f"item {self.code}: material {m.id} names unknown licence type {m.licence_type}")
        names = [f.name for f in self.form]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            out.append(f"item {self.code}: form field {dup} appears twice")
        for f in self.form:
            out.extend(_condition_problems(self.code, f"field {f.name}", f.when, asked))
        return out


def _condition_problems(
    code: str, what: str, when: Mapping[str, tuple[str, ...]], asked: Mapping[str, set[str]]
) -> list[str]:
    out = []
    for question, allowed in when.items():
        if question not in asked:
            out.append(f"item {code}: {what} depends on unknown or later question {question}")
        elif not allowed or not set(allowed) <= asked[question]:
            out.append(f"item {code}: {what} expects answers {list(allowed)} not offered by {question}")
    return out


class Bundle(_Strict):
    """A one-thing bundle (一件事): several items applied for together."""

    code: str = Field(pattern=CODE)
    name: str = Field(min_length=2, max_length=60)
    name_en: str = Field("", max_length=120)
    keywords: tuple[str, ...] = ()
    audience: tuple[Literal["personal", "enterprise"], ...] = Field(min_length=1)
    items: tuple[str, ...] = Field(min_length=2, description="Codes of the items, in handling order.")
    derived_fields: tuple[str, ...] = Field(
        (),
        description="Form fields the platform fills from an earlier "
        "item's result (the new company's credit code), not asked.",
    )
    description: str = Field(min_length=2, max_length=400)
    description_en: str = Field("", max_length=1000)
    promised_days: int = Field(ge=0, le=365)
    visits: int = Field(0, ge=0, le=5)
    popularity: int = Field(0, ge=0, le=1_000_000)


class Department(_Strict):
    """A department that handles items."""

    code: str = Field(pattern=CODE)
    name: str = Field(min_length=2, max_length=60)
    name_en: str = Field("", max_length=150)
    aliases: tuple[str, ...] = Field((), description="Short names citizens use (人社局, 医保局…).")


class Category(_Strict):
    """A theme shown as an entry tile (户籍, 社保…)."""

    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1, max_length=20)
    name_en: str = Field("", max_length=60)
    audience: Literal["personal", "enterprise"] = "personal"


class Counts(_Strict):
    """Declared totals, so a truncated document is recognised as partial."""

    items: int = Field(ge=1)
    bundles: int = Field(ge=0)


class CatalogDocument(_Strict):
    """The whole catalog as served by ``GET /api/v1/catalog``."""

    format: Literal["kiosk-catalog/1"]
    version: str = Field(min_length=1, max_length=40)
    region: str = Field("", max_length=60)
    licence_types: dict[str, str] = Field(min_length=1)
    licence_types_en: dict[str, str] = Field(default_factory=dict, description="English names of licence types.")
    departments: tuple[Department, ...] = Field(min_length=1)
    categories: tuple[Category, ...] = Field(min_length=1)
    synonyms: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Colloquial word -> catalog words it means."
    )
    items: tuple[Item, ...] = Field(min_length=1)
    bundles: tuple[Bundle, ...] = ()
    counts: Counts

    @model_validator(mode="after")
    def _consistent(self) -> CatalogDocument:
        problems = self.problems()
        if problems:
            more = f" (+{len(problems) - 20} more)" if len(problems) > 20 else ""
            raise ValueError("; ".join(problems[:20]) + more)
        return self

    def problems(self) -> list[str]:
        """Every cross-reference problem: duplicates, unknown references, counts that do not match."""
        out: list[str] = []
        if self.counts.items != len(self.items) or self.counts.bundles != len(self.bundles):
            out.append(
                f"partial catalog: declares {self.counts.items} items and {self.counts.bundles} bundles, "
                f"holds {len(self.items)} and {len(self.bundles)}"
            )
        for code in sorted(set(self.licence_types_en) - set(self.licence_types)):
            out.append(f"licence_types_en: {code} is not a licence type")
        depts = {d.code for d in self.departments}
        cats = {c.code for c in self.categories}
        codes: dict[str, Item] = {}
        for item in self.items:
            if item.code in codes:
                out.append(f"item code {item.code} appears twice")
            codes[item.code] = item
            if item.department not in depts:
                out.append(f"item {item.code}: unknown department {item.department}")
            if item.category not in cats:
                out.append(f"item {item.code}: unknown category {item.category}")
            out.extend(item.problems(self.licence_types))
        bundle_codes: set[str] = set()
        for bundle in self.bundles:
            if bundle.code in bundle_codes or bundle.code in codes:
                out.append(f"bundle code {bundle.code} is used twice")
            bundle_codes.add(bundle.code)
            missing = [c for c in bundle.items if c not in codes]
            if missing:
                out.append(f"bundle {bundle.code}: unknown items {missing}")
                continue
            members = [codes[c] for c in bundle.items]
            out.extend(_bundle_conflicts(bundle, members))
            asked = {f.name for item in members for f in item.form}
            for name in bundle.derived_fields:
                if name not in asked:
                    out.append(f"bundle {bundle.code}: derived field {name} is in none of its items' forms")
        return out


def _bundle_conflicts(bundle: Bundle, items: list[Item]) -> list[str]:
    """Shared question ids must offer the same answers; shared field names must be the same kind."""
    out: list[str] = []
    questions: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for item in items:
        for q in item.situations:
            values = {c.value for c in q.choices}
            if questions.setdefault(q.id, values) != values:
                out.append(f"bundle {bundle.code}: question {q.id} differs between its items")
        for f in item.form:
            if kinds.setdefault(f.name, f.kind) != f.kind:
                out.append(f"bundle {bundle.code}: field {f.name} has different kinds in its items")
    return out

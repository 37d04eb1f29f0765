"""Declarative application forms: field specs, pre-fill from the ID card, and bilingual validation.

A form is a list of :class:`FieldSpec` (data, usually from the catalog). :func:`validate_form` builds a
pydantic model for the list once (cached) and turns its errors into :class:`FieldError` records whose
``message`` holds ``{"zh-CN": ..., "en": ...}`` so the UI can show either language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from devices import idnumber
from devices.identity import Identity
from kiosk.form_messages import FieldError, to_field_error

FieldKind = Literal[
    "text",
    "name",
    "id_number",
    "phone",
    "date",
    "choice",
    "address",
    "number",
    "money",
    "checkbox",
    "signature",
]
PrefillSource = Literal["name", "id_number", "sex", "birth_date", "address", "nation", "issuer"]

_NAME = re.compile(r"^[\u3400-\u9fff]+(?:[·•][\u3400-\u9fff]+)*$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
_RELATIVE_DATE = re.compile(r"^today(?:([+-])([0-9]{1,3})([dy]))?$")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_ADDRESS = re.compile(
    r"^(?P<province>.+?省|.+?自治区|北京市|天津市|上海市|重庆市)"
    r"(?P<city>.+?(?:自治州|地区|盟|市))?"
    r"(?P<district>.+?(?:区|县|旗|市))?"
    r"(?P<detail>.*)$"
)


class Choice(BaseModel):
    """One option of a choice field or a situation question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=60)
    label_en: str = Field("", max_length=80)


class FieldSpec(BaseModel):
    """One field of an application form, as published in the catalog."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="Key in the submitted form data.")
    kind: FieldKind
    label: str = Field(min_length=1, max_length=40)
    label_en: str = Field("", max_length=80)
    required: bool = True
    min_length: int | None = Field(None, ge=0, le=2000)
    max_length: int | None = Field(None, ge=1, le=2000)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    min_date: str | None = Field(None, description="ISO date, 'today' or 'today-18y' / 'today+30d'.")
    max_date: str | None = None
    choices: tuple[Choice, ...] = ()
    prefill: PrefillSource | None = Field(None, description="Identity field that pre-fills this one.")
    when: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Shown only when these situation answers hold."
    )
    help: str = Field("", max_length=200)

    @field_validator("prefill", mode="before")
    @classmethod
    def _empty_prefill(cls, value: Any) -> Any:
        return None if value == "" else value

    def model_post_init(self, _context: Any) -> None:
        """Reject specs that cannot work: a choice without options, a bad date bound."""
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"field {self.name}: a choice field needs choices")
        for bound in (self.min_date, self.max_date):
            if bound is not None:
                resolve_date_bound(bound, date(2000, 1, 1))

    def __hash__(self) -> int:
        return hash(self.model_dump_json())

    @property
    def english_label(self) -> str:
        """The English label, falling back to the field name."""
        return self.label_en or self.name.replace("_", " ")


class Address(BaseModel):
    """A postal address split the way mainland forms ask for it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    province: str = Field(min_length=2, max_length=20)
    city: str = Field(min_length=2, max_length=20)
    district: str = Field(min_length=2, max_length=20)
    detail: str = Field(min_length=2, max_length=100)


@dataclass(slots=True)
class FormResult:
    """Cleaned values (JSON-able) when ``ok``, else the errors to show next to the fields."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every field passed."""
        return not self.errors

    def errors_for(self, name: str) -> list[FieldError]:
        """The errors of one field."""
        return [e for e in self.errors if e.field == name]


def resolve_date_bound(bound: str, today: date) -> date:
    """Turn ``'today'``, ``'today-18y'``, ``'today+30d'`` or an ISO date into a date."""
    match = _RELATIVE_DATE.match(bound)
    if match is None:
        try:
            return date.fromisoformat(bound)
        except ValueError:
            raise ValueError(f"date bound {bound!r}: use YYYY-MM-DD, 'today', 'today-18y' or 'today+30d'") from None
    sign, amount, unit = match.groups()
    if sign is None:
        return today
    n = int(amount) * (1 if sign == "+" else -1)
    if unit == "d":
        return today + timedelta(days=n)
    try:
        return today.replace(year=today.year + n)
    except ValueError:  # 29 February in a non-leap target year
        return today.replace(year=today.year + n, day=28)


# --- validators, one per rule; each raises PydanticCustomError with a code of form_messages


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _present(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("required", "required")
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_name(value: str) -> str:
    if not _NAME.match(value):
        raise PydanticCustomError("name_chars", "Chinese characters only")
    return value


def _check_id_number(value: str) -> str:
    value = value.strip().upper()
    problem = idnumber.problem(value)
    if problem is not None:
        raise PydanticCustomError(f"id_{problem}", "invalid ID number")
    return value


def _check_phone(value: str) -> str:
    value = value.replace(" ", "")
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise PydanticCustomError("phone", "invalid phone")
    return value


def _date_range(spec: FieldSpec):
    def check(value: date, info: ValidationInfo) -> date:
        today = (info.context or {}).get("today") or date.today()
        if spec.min_date and value < (low := resolve_date_bound(spec.min_date, today)):
            raise PydanticCustomError("date_too_early", "too early", {"bound": low.isoformat()})
        if spec.max_date and value > (high := resolve_date_bound(spec.max_date, today)):
            raise PydanticCustomError("date_too_late", "too late", {"bound": high.isoformat()})
        return value

    return check


def _choice_of(spec: FieldSpec):
    allowed = {c.value for c in spec.choices}

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError("choice", "not an option")
        return value

    return check


def _must_check(value: bool) -> bool:
    if not value:
        raise PydanticCustomError("must_check", "must be ticked")
    return value


def _money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise PydanticCustomError("money_format", "not an amount")
    return value


def _finite_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _annotation(spec: FieldSpec) -> Any:
    """The pydantic type of one field (without optionality)."""
    lengths = {"min_length": spec.min_length, "max_length": spec.max_length}
    lengths = {k: v for k, v in lengths.items() if v is not None}
    if spec.kind == "text":
        return Annotated[str, BeforeValidator(_strip), Field(min_length=spec.min_length, max_length=spec.max_length)]
    if spec.kind == "name":
        return Annotated[
            str,
            BeforeValidator(_strip),
            Field(min_length=spec.min_length or 2, max_length=spec.max_length or 30),
            AfterValidator(_check_name),
        ]
    if spec.kind == "id_number":
        return Annotated[str, AfterValidator(_check_id_number)]
    if spec.kind == "phone":
        return Annotated[str, BeforeValidator(_strip), AfterValidator(_check_phone)]
    if spec.kind == "date":
        return Annotated[date, AfterValidator(_date_range(spec))]
    if spec.kind == "choice":
        return Annotated[str, AfterValidator(_choice_of(spec))]
    if spec.kind == "address":
        return Address
    if spec.kind == "number":
        return Annotated[int, BeforeValidator(_finite_int), Field(ge=spec.minimum, le=spec.maximum)]
    if spec.kind == "money":
        floor = spec.minimum if spec.minimum is not None else Decimal(0)
        return Annotated[
            Decimal,
            Field(decimal_places=2, allow_inf_nan=False, ge=floor, le=spec.maximum),
            AfterValidator(_money),
        ]
    if spec.kind == "checkbox":
        return Annotated[bool, AfterValidator(_must_check)] if spec.required else bool
    if spec.kind == "signature":
        return Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=200)]
    raise ValueError(f"unknown field kind {spec.kind}")  # pragma: no cover - Literal guards it


@lru_cache(maxsize=512)
def form_model(fields: tuple[FieldSpec, ...]) -> type[BaseModel]:
    """The pydantic model validating a whole form (built once per distinct field list)."""
    definitions: dict[str, Any] = {}
    for spec in fields:
        annotation = _annotation(spec)
        if spec.kind == "checkbox":
            definitions[spec.name] = (annotation, ... if spec.required else False)
        elif spec.required:
            definitions[spec.name] = (Annotated[annotation, BeforeValidator(_present)], ...)
        else:
            definitions[spec.name] = (Annotated[annotation | None, BeforeValidator(_blank_to_none)], None)
    return create_model("FormData", __config__=ConfigDict(extra="ignore"), **definitions)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def validate_form(fields: Sequence[FieldSpec], values: Mapping[str, Any], today: date | None = None) -> FormResult:
    """Validate ``values`` against ``fields``; unknown keys are dropped, bad input never raises."""
    specs = tuple(fields)
    by_name = {s.name: s for s in specs}
    model = form_model(specs)
    try:
        data = model.model_validate(dict(values), context={"today": today or date.today()})
    except ValidationError as exc:
        errors: list[FieldError] = []
        seen: set[str] = set()
        for err in exc.errors():
            name = str(err["loc"][0]) if err.get("loc") else ""
            spec = by_name.get(name)
            if spec is None or name in seen:
                continue
            seen.add(name)
            errors.append(to_field_error(spec, err))
        order = {s.name: i for i, s in enumerate(specs)}
        return FormResult(errors=sorted(errors, key=lambda e: order[e.field]))
    return FormResult(values={k: _jsonable(v) for k, v in data.model_dump().items()})


def visible_fields(fields: Iterable[FieldSpec], answers: Mapping[str, str]) -> list[FieldSpec]:
    """The fields to ask given the situation answers (a field's ``when`` must hold)."""
    return [f for f in fields if conditions_hold(f.when, answers)]


def conditions_hold(when: Mapping[str, Sequence[str]], answers: Mapping[str, str]) -> bool:
    """True when every ``question -> allowed answers`` condition is met by ``answers``."""
    return all(answers.get(question) in allowed for question, allowed in when.items())


def split_address(text: str) -> dict[str, str]:
    """Split a card address (山东省枣庄市滕州市荆河街道…) into province, city, district and detail."""
    text = text.strip()
    for city in _MUNICIPALITIES:
        if text.startswith(city):
            rest = re.match(r"^(.+?(?:区|县))?(.*)$", text[len(city) :])
            assert rest is not None
            return {"province": city, "city": city, "district": rest.group(1) or "", "detail": rest.group(2)}
    match = _ADDRESS.match(text)
    if match is None:
        return {"province": "", "city": "", "district": "", "detail": text}
    return {k: v or "" for k, v in match.groupdict().items()}


def prefill(fields: Iterable[FieldSpec], identity: Identity | None) -> dict[str, Any]:
    """Initial values taken from the identity record (only for fields that name a ``prefill`` source)."""
    if identity is None:
        return {}
    number = identity.id_number.strip().upper()
    birth = identity.birth_date or idnumber.birth_date_of(number)
    sources: dict[str, Any] = {
        "name": identity.name.strip(),
        "id_number": number,
        "sex": identity.sex or idnumber.sex_of(number),
        "birth_date": birth.isoformat() if birth else "",
        "address": identity.address.strip(),
        "nation": identity.nation,
        "issuer": identity.issuer,
    }
    out: dict[str, Any] = {}
    for spec in fields:
        if spec.prefill is None:
            continue
        value = sources.get(spec.prefill, "")
        if not value:
            continue
        if spec.kind == "address":
            out[spec.name] = split_address(value)
        elif spec.kind == "choice" and value not in {c.value for c in spec.choices}:
            continue
        else:
            out[spec.name] = value
    return out

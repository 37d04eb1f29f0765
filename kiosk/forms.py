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


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one field's value was refused; ``message`` has ``zh-CN`` and ``en`` texts."""

    field: str
    code: str
    message: dict[str, str]


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


# --- validators, one per rule; each raises PydanticCustomError with a code from MESSAGES -------------


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


# --- messages ---------------------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("请填写“{label}”", "Please fill in {label_en}"),
    "too_short": ("“{label}”至少 {min_length} 个字", "{label_en} needs at least {min_length} characters"),
    "too_long": ("“{label}”最多 {max_length} 个字", "{label_en} allows at most {max_length} characters"),
    "not_text": ("“{label}”格式不对", "{label_en} has the wrong format"),
    "name_chars": (
        "“{label}”只能填写汉字（少数民族姓名可用间隔号“·”）",
        "{label_en} takes Chinese characters only (a middle dot · may separate parts)",
    ),
    "id_length": ("“{label}”应为 18 位", "{label_en} must have 18 characters"),
    "id_characters": (
        "“{label}”只能是 17 位数字加 1 位数字或 X",
        "{label_en} must be 17 digits followed by a digit or X",
    ),
    "id_birth_date": ("“{label}”中的出生日期不存在", "{label_en} contains a birth date that does not exist"),
    "id_check_digit": ("“{label}”校验位不对，请核对", "{label_en} has a wrong check character; please check it"),
    "phone": (
        "“{label}”应为 11 位手机号或带区号的固定电话",
        "{label_en} must be an 11-digit mobile number or a landline with area code",
    ),
    "date_format": ("“{label}”请按 年-月-日 填写", "{label_en} must be a date (YYYY-MM-DD)"),
    "date_too_early": ("“{label}”不能早于 {bound}", "{label_en} cannot be before {bound}"),
    "date_too_late": ("“{label}”不能晚于 {bound}", "{label_en} cannot be after {bound}"),
    "choice": ("请从选项中选择“{label}”", "Please pick {label_en} from the options"),
    "number_format": ("“{label}”请填写整数", "{label_en} must be a whole number"),
    "too_small": ("“{label}”不能小于 {limit}", "{label_en} cannot be less than {limit}"),
    "too_large": ("“{label}”不能大于 {limit}", "{label_en} cannot be more than {limit}"),
    "money_format": ("“{label}”请填写金额", "{label_en} must be an amount of money"),
    "money_decimals": ("“{label}”最多保留两位小数", "{label_en} allows at most two decimals"),
    "must_check": ("请勾选“{label}”", "Please tick {label_en}"),
    "address_part": ("“{label}”的{part}填写不完整", "{label_en}: the {part_en} is incomplete"),
    "invalid": ("“{label}”填写有误", "{label_en} is not valid"),
}

_PYDANTIC_CODES = {
    "missing": "required",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "string_type": "not_text",
    "date_parsing": "date_format",
    "date_type": "date_format",
    "date_from_datetime_parsing": "date_format",
    "date_from_datetime_inexact": "date_format",
    "int_parsing": "number_format",
    "int_type": "number_format",
    "int_from_float": "number_format",
    "greater_than_equal": "too_small",
    "less_than_equal": "too_large",
    "decimal_parsing": "money_format",
    "decimal_type": "money_format",
    "finite_number": "money_format",
    "decimal_max_places": "money_decimals",
    "decimal_whole_digits": "money_format",
    "decimal_max_digits": "money_format",
    "bool_parsing": "must_check",
    "bool_type": "must_check",
    "model_type": "not_text",
    "dict_type": "not_text",
}
_ADDRESS_PARTS = {
    "province": ("省", "province"),
    "city": ("市", "city"),
    "district": ("区县", "district"),
    "detail": ("详细地址", "street address"),
}


def message_for(spec: FieldSpec, code: str, ctx: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The Chinese and English message for ``code`` on ``spec``."""
    zh, en = MESSAGES.get(code, MESSAGES["invalid"])
    ctx = dict(ctx or {})
    limit = ctx.get("ge", ctx.get("le", ""))
    values = {"label": spec.label, "label_en": spec.english_label, "limit": limit, **ctx}
    values.setdefault("min_length", spec.min_length or "")
    values.setdefault("max_length", spec.max_length or "")
    values.setdefault("bound", "")
    values.setdefault("part", "")
    values.setdefault("part_en", "")
    return {"zh-CN": zh.format(**values), "en": en.format(**values)}


def _to_field_error(spec: FieldSpec, err: Mapping[str, Any]) -> FieldError:
    kind = str(err.get("type", ""))
    code = _PYDANTIC_CODES.get(kind, kind if kind in MESSAGES else "invalid")
    ctx = dict(err.get("ctx") or {})
    loc = err.get("loc", ())
    if spec.kind == "address" and len(loc) > 1 and loc[1] in _ADDRESS_PARTS and code != "not_text":
        code = "address_part"
        ctx["part"], ctx["part_en"] = _ADDRESS_PARTS[str(loc[1])]
    if spec.kind == "checkbox" and code != "required":
        code = "must_check"
    return FieldError(spec.name, code, message_for(spec, code, ctx))


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
            errors.append(_to_field_error(spec, err))
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

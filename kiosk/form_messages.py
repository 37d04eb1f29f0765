"""The messages of form validation: one code per rule, each with a Chinese and an English text.

:func:`to_field_error` turns a pydantic error into a :class:`FieldError` whose ``message`` holds
``{"zh-CN": ..., "en": ...}`` so the UI can show either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.forms import FieldSpec


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one field's value was refused; ``message`` has ``zh-CN`` and ``en`` texts."""

    field: str
    code: str
    message: dict[str, str]


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


def to_field_error(spec: FieldSpec, err: Mapping[str, Any]) -> FieldError:
    """A pydantic error of ``spec``'s value as the :class:`FieldError` the screens show."""
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

"""The messages of form validation: one code per rule, its Chinese and English texts in the locales.

:func:`to_field_error` turns a pydantic error into a :class:`FieldError` whose ``message`` holds
``{"zh-CN": ..., "en": ...}`` so the UI can show either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kiosk.i18n import Translator

if TYPE_CHECKING:
    from kiosk.forms import FieldSpec


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why one field's value was refused; ``message`` has ``zh-CN`` and ``en`` texts."""

    field: str
    code: str
    message: dict[str, str]


MESSAGE_KEY = "form_error."
"""Locale section of the messages (``config/locales/<lang>/form_errors.toml``), one key per code."""


@lru_cache(maxsize=1)
def _translator() -> Translator:
    return Translator()


@lru_cache(maxsize=1)
def message_codes() -> frozenset[str]:
    """Every message code the locales define."""
    keys = _translator().keys("zh-CN")
    return frozenset(k.removeprefix(MESSAGE_KEY) for k in keys if k.startswith(MESSAGE_KEY) and k.count(".") == 1)


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
_ADDRESS_PARTS = ("province", "city", "district", "detail")


def message_for(spec: FieldSpec, code: str, ctx: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The Chinese and English message for ``code`` on ``spec`` (texts in the locales)."""
    translator = _translator()
    code = code if code in message_codes() else "invalid"
    ctx = dict(ctx or {})
    part = str(ctx.pop("part", ""))
    limit = ctx.get("ge", ctx.get("le", ""))
    values: dict[str, object] = {"limit": limit, "bound": "", **ctx}
    values.setdefault("min_length", spec.min_length or "")
    values.setdefault("max_length", spec.max_length or "")
    out = {}
    for language, label in (("zh-CN", spec.label), ("en", spec.english_label)):
        part_text = translator.text_in(language, f"{MESSAGE_KEY}part.{part}") if part else ""
        out[language] = translator.text_in(
            language, MESSAGE_KEY + code, **{**values, "label": label, "part": part_text}
        )
    return out


def to_field_error(spec: FieldSpec, err: Mapping[str, Any]) -> FieldError:
    """A pydantic error of ``spec``'s value as the :class:`FieldError` the screens show."""
    kind = str(err.get("type", ""))
    code = _PYDANTIC_CODES.get(kind, kind if kind in message_codes() else "invalid")
    ctx = dict(err.get("ctx") or {})
    loc = err.get("loc", ())
    if spec.kind == "address" and len(loc) > 1 and loc[1] in _ADDRESS_PARTS and code != "not_text":
        code = "address_part"
        ctx["part"] = str(loc[1])
    if spec.kind == "checkbox" and code != "required":
        code = "must_check"
    return FieldError(spec.name, code, message_for(spec, code, ctx))

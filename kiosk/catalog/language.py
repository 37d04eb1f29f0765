"""Catalog text in the citizen's language: the English twin of a free-text field (``name_en`` next to
``name``), a clear English line when a catalog lacks it, and the count of what lacks English.

The catalog stays Chinese first (the platform and the printed receipts use it); English is optional per
field, so a real platform's catalog without English still loads. An English screen then shows one plain
line instead of Chinese: :data:`CHINESE_ONLY` for free text, :data:`CHINESE_ONLY_NAME` for a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from kiosk.catalog.model import Bundle, CatalogDocument, Department, Item, Material

ENGLISH = "en"
"""The language code of the English locale (anything else shows the catalog's Chinese)."""
CHINESE_ONLY = "Details available in Chinese only - press Help and staff will explain."
"""Shown in English in place of a free-text field the catalog has only in Chinese."""
CHINESE_ONLY_NAME = "Name in Chinese only - ask staff"
"""Shown in English in place of a name the catalog has only in Chinese."""
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")

ITEM_TYPES_EN = {
    "行政许可": "Administrative licence",
    "行政确认": "Administrative confirmation",
    "行政给付": "Administrative benefit payment",
    "公共服务": "Public service",
    "行政备案": "Administrative filing",
    "行政征收": "Administrative levy",
    "行政奖励": "Administrative award",
    "行政裁决": "Administrative ruling",
    "其他行政权力": "Other administrative power",
}
"""English of the item types every hall publishes (an item's ``item_type_en`` overrides it)."""


def is_english(language: str) -> bool:
    """True for the English locale."""
    return language == ENGLISH


def has_chinese(text: str) -> bool:
    """True when ``text`` holds Chinese characters or full-width punctuation."""
    return bool(_CJK.search(text))


def english_or_none(zh: str, en: str) -> str | None:
    """The English of a field: ``en``, else ``zh`` when it has no Chinese (a phone number), else ``None``."""
    if en:
        return en
    return None if has_chinese(zh) else zh


def pick(zh: str, en: str, language: str, fallback: str = CHINESE_ONLY) -> str:
    """``zh`` in Chinese; in English ``en`` (or ``zh`` when it has no Chinese), else ``fallback``."""
    if not is_english(language):
        return zh
    found = english_or_none(zh, en)
    return fallback if found is None else found


def pick_lines(zh: tuple[str, ...], en: tuple[str, ...], language: str) -> tuple[str, ...]:
    """A list field (conditions, legal basis) in ``language``; one :data:`CHINESE_ONLY` line when lacking."""
    if not is_english(language):
        return zh
    if en:
        return en
    return zh if not any(has_chinese(z) for z in zh) else (CHINESE_ONLY,)


def target_name(target: Item | Bundle, language: str) -> str:
    """An item's or bundle's name in ``language``."""
    return pick(target.name, target.name_en, language, CHINESE_ONLY_NAME)


def material_name(material: Material, language: str, licence_types_en: Mapping[str, str] | None = None) -> str:
    """A material's name in ``language``; lacking English, the English of the licence type standing in for
    it (when the catalog has one), else :data:`CHINESE_ONLY_NAME`."""
    fallback = CHINESE_ONLY_NAME
    if material.licence_type and licence_types_en and licence_types_en.get(material.licence_type):
        fallback = licence_types_en[material.licence_type]
    return pick(material.name, material.name_en, language, fallback)


def department_name(department: Department | None, code: str, language: str) -> str:
    """A department's name in ``language`` (the code itself when the department is unknown)."""
    if department is None:
        return code
    return pick(department.name, department.name_en, language, CHINESE_ONLY_NAME)


def item_type(item: Item, language: str) -> str:
    """The item type (行政许可…) in ``language``."""
    return pick(item.item_type, item.item_type_en or ITEM_TYPES_EN.get(item.item_type, ""), language, CHINESE_ONLY_NAME)


def _lacking(zh: str, en: str) -> bool:
    return bool(zh) and english_or_none(zh, en) is None


def _item_gaps(item: Item) -> Iterator[str]:
    where = f"item {item.code}"
    if _lacking(item.name, item.name_en):
        yield f"{where}: name"
    if _lacking(item.item_type, item.item_type_en or ITEM_TYPES_EN.get(item.item_type, "")):
        yield f"{where}: item_type"
    for name in ("conditions", "legal_basis"):
        if not getattr(item, f"{name}_en") and any(has_chinese(z) for z in getattr(item, name)):
            yield f"{where}: {name}"
    if _lacking(item.result, item.result_en):
        yield f"{where}: result"
    for m in item.materials:
        for attr in ("name", "note"):
            if _lacking(getattr(m, attr), getattr(m, f"{attr}_en")):
                yield f"{where}: material {m.id} {attr}"
    for n, step in enumerate(item.process, 1):
        for attr in ("name", "detail"):
            if _lacking(getattr(step, attr), getattr(step, f"{attr}_en")):
                yield f"{where}: process step {n} {attr}"
    if _lacking(item.time_limit.note, item.time_limit.note_en):
        yield f"{where}: time_limit note"
    for n, fee in enumerate(item.fees, 1):
        for attr in ("name", "amount", "basis"):
            if _lacking(getattr(fee, attr), getattr(fee, f"{attr}_en")):
                yield f"{where}: fee {n} {attr}"
    for attr in ("address", "window", "hours"):
        if _lacking(getattr(item.place, attr), getattr(item.place, f"{attr}_en")):
            yield f"{where}: place {attr}"
    for attr in ("consult_phone", "complaint_phone"):
        if _lacking(getattr(item.contact, attr), getattr(item.contact, f"{attr}_en")):
            yield f"{where}: contact {attr}"
    for n, faq in enumerate(item.faqs, 1):
        if _lacking(faq.q, faq.q_en) or _lacking(faq.a, faq.a_en):
            yield f"{where}: faq {n}"
    for q in item.situations:
        if _lacking(q.text, q.text_en) or any(_lacking(c.label, c.label_en) for c in q.choices):
            yield f"{where}: question {q.id}"
    for f in item.form:
        if _lacking(f.label, f.label_en) or any(_lacking(c.label, c.label_en) for c in f.choices):
            yield f"{where}: field {f.name}"


def missing_english(document: CatalogDocument) -> list[str]:
    """Every citizen-visible text of the catalog that has no English (empty when complete)."""
    out: list[str] = []
    for d in document.departments:
        if _lacking(d.name, d.name_en):
            out.append(f"department {d.code}: name")
    for c in document.categories:
        if _lacking(c.name, c.name_en):
            out.append(f"category {c.code}: name")
    for code, name in document.licence_types.items():
        if _lacking(name, document.licence_types_en.get(code, "")):
            out.append(f"licence type {code}: name")
    for item in document.items:
        out.extend(_item_gaps(item))
    for b in document.bundles:
        if _lacking(b.name, b.name_en):
            out.append(f"bundle {b.code}: name")
        if _lacking(b.description, b.description_en):
            out.append(f"bundle {b.code}: description")
    return out

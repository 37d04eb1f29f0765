"""The 办事指南 of an item or bundle as plain sections the guide screen and the receipt can show as they are,
in Chinese or English (structured lines from templates, free text from the catalog's ``*_en`` twins)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.catalog.language import (
    CHINESE_ONLY,
    CHINESE_ONLY_NAME,
    english_or_none,
    is_english,
    item_type,
    pick,
    pick_lines,
    target_name,
)
from kiosk.catalog.model import Bundle, Department, Item
from kiosk.catalog.situations import describe_material

AUDIENCE = {"personal": "个人", "enterprise": "法人"}
AUDIENCE_EN = {"personal": "Individuals", "enterprise": "Businesses and organisations"}
DELIVERY = {"pickup": "窗口领取", "post": "邮寄送达", "electronic": "电子送达"}
DELIVERY_EN = {"pickup": "Collect at the window", "post": "By post", "electronic": "Electronic delivery"}


@dataclass(frozen=True, slots=True)
class Section:
    """One titled block of the guide."""

    title: str
    title_en: str
    lines: tuple[str, ...]


def _days(n: int | None) -> str:
    if n is None:
        return "无"
    return "即办" if n == 0 else f"{n} 个工作日"


def _days_en(n: int | None) -> str:
    if n is None:
        return "none"
    if n == 0:
        return "on the spot"
    return f"{n} working day{'s' if n != 1 else ''}"


def _visits_en(n: int) -> str:
    return "none" if n == 0 else ("once" if n == 1 else f"{n} times")


def _department(department: Department | str, code: str, language: str) -> str:
    if isinstance(department, Department):
        return pick(department.name, department.name_en, language, CHINESE_ONLY_NAME)
    return department or code


def guide_sections(
    item: Item,
    department: Department | str = "",
    language: str = "zh-CN",
    licence_types_en: Mapping[str, str] | None = None,
) -> list[Section]:
    """The guide in the order halls publish it (basic information first, channels last), in ``language``.

    ``department`` is the item's department (or its display name); ``licence_types_en`` names materials
    the catalog has no English for after the licence standing in for them.
    """
    if is_english(language):
        return _guide_en(item, _department(department, item.department, language), licence_types_en)
    t = item.time_limit
    fees = tuple(f"{f.name}：{f.amount}（依据：{f.basis}）" for f in item.fees) or ("不收费",)
    faqs = tuple(line for f in item.faqs for line in (f"问：{f.q}", f"答：{f.a}"))
    sections = [
        Section(
            "基本信息",
            "Basic information",
            (
                f"事项名称：{item.name}",
                f"实施编码：{item.code}",
                f"实施部门：{_department(department, item.department, language)}",
                f"事项类型：{item.item_type}",
                f"服务对象：{'、'.join(AUDIENCE[a] for a in item.audience)}",
                f"到办事现场次数：{item.visits} 次",
                f"网上办理：{'支持' if item.online else '不支持'}；本机申请：{'支持' if item.kiosk else '不支持'}",
                f"送达方式：{'、'.join(DELIVERY[d] for d in item.delivery)}",
                *((f"办理结果：{item.result}",) if item.result else ()),
            ),
        ),
        Section("受理条件", "Conditions", item.conditions),
        Section("申请材料", "Materials", tuple(describe_material(m) for m in item.materials)),
        Section(
            "办理流程",
            "Process",
            tuple(f"{n}. {s.name}" + (f"：{s.detail}" if s.detail else "") for n, s in enumerate(item.process, 1)),
        ),
        Section(
            "办理时限",
            "Time limits",
            (
                f"法定办结时限：{_days(t.legal_days)}",
                f"承诺办结时限：{_days(t.promised_days)}",
                *((t.note,) if t.note else ()),
            ),
        ),
        Section("收费标准", "Fees", fees),
        Section("设定依据", "Legal basis", item.legal_basis),
        Section(
            "办理地点和时间",
            "Place and hours",
            (
                f"地点：{item.place.address}" + (f" {item.place.window}" if item.place.window else ""),
                f"时间：{item.place.hours}",
            ),
        ),
        Section(
            "咨询和监督投诉",
            "Consultation and complaints",
            (f"咨询电话：{item.contact.consult_phone}", f"监督投诉电话：{item.contact.complaint_phone}"),
        ),
    ]
    if faqs:
        sections.insert(-1, Section("常见问题", "FAQ", faqs))
    return sections


class _Lines:
    """English lines of one section; a free-text part lacking English adds one :data:`CHINESE_ONLY` line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lacking = False

    def text(self, zh: str, en: str) -> str | None:
        """The English of a free-text part (``None``, and the section marked, when it has none)."""
        found = english_or_none(zh, en)
        if found is None:
            self.lacking = True
        return found

    def add(self, *lines: str | None) -> None:
        """Append the lines that are not ``None``."""
        self.lines.extend(line for line in lines if line is not None)

    def done(self) -> tuple[str, ...]:
        """The lines, ending with :data:`CHINESE_ONLY` when something lacked English."""
        return (*self.lines, CHINESE_ONLY) if self.lacking else tuple(self.lines)


def _labelled(label: str, value: str | None) -> str | None:
    return None if value is None else f"{label}: {value}"


def _guide_en(item: Item, department: str, licence_types_en: Mapping[str, str] | None) -> list[Section]:
    basic = _Lines()
    basic.add(
        f"Service: {target_name(item, 'en')}",
        f"Code: {item.code}",
        f"Department: {department}",
        f"Type: {item_type(item, 'en')}",
        f"For: {', '.join(AUDIENCE_EN[a] for a in item.audience)}",
        f"Visits to the hall: {_visits_en(item.visits)}",
        f"Apply online: {'yes' if item.online else 'no'}; apply at this kiosk: {'yes' if item.kiosk else 'no'}",
        f"Delivery: {', '.join(DELIVERY_EN[d] for d in item.delivery)}",
    )
    if item.result:
        basic.add(_labelled("Result", basic.text(item.result, item.result_en)))
    process = _Lines()
    for n, step in enumerate(item.process, 1):
        name = process.text(step.name, step.name_en) or "Step"
        detail = process.text(step.detail, step.detail_en) if step.detail else ""
        process.add(f"{n}. {name}" + (f": {detail}" if detail else ""))
    t = item.time_limit
    limits = _Lines()
    limits.add(f"Legal time limit: {_days_en(t.legal_days)}", f"Promised time limit: {_days_en(t.promised_days)}")
    if t.note:
        limits.add(limits.text(t.note, t.note_en))
    fees = _Lines()
    for f in item.fees:
        fee_name, amount = fees.text(f.name, f.name_en), fees.text(f.amount, f.amount_en)
        basis = fees.text(f.basis, f.basis_en)
        if fee_name is not None and amount is not None:
            fees.add(f"{fee_name}: {amount}" + (f" (basis: {basis})" if basis else ""))
    if not item.fees:
        fees.add("Free of charge")
    place = _Lines()
    address = place.text(item.place.address, item.place.address_en)
    window = place.text(item.place.window, item.place.window_en)
    place.add(
        _labelled("Address", ", ".join(x for x in (address, window) if x) or None),
        _labelled("Hours", place.text(item.place.hours, item.place.hours_en)),
    )
    contact = _Lines()
    contact.add(
        _labelled("Enquiries", contact.text(item.contact.consult_phone, item.contact.consult_phone_en)),
        _labelled("Complaints", contact.text(item.contact.complaint_phone, item.contact.complaint_phone_en)),
    )
    faqs = _Lines()
    for faq in item.faqs:
        q, a = faqs.text(faq.q, faq.q_en), faqs.text(faq.a, faq.a_en)
        if q is not None and a is not None:
            faqs.add(f"Q: {q}", f"A: {a}")
    sections = [
        Section("基本信息", "Basic information", basic.done()),
        Section("受理条件", "Conditions", pick_lines(item.conditions, item.conditions_en, "en")),
        Section("申请材料", "Materials", tuple(describe_material(m, "en", licence_types_en) for m in item.materials)),
        Section("办理流程", "Process", process.done()),
        Section("办理时限", "Time limits", limits.done()),
        Section("收费标准", "Fees", fees.done()),
        Section("设定依据", "Legal basis", pick_lines(item.legal_basis, item.legal_basis_en, "en")),
        Section("办理地点和时间", "Place and hours", place.done()),
        Section("咨询和监督投诉", "Consultation and complaints", contact.done()),
    ]
    if item.faqs:
        sections.insert(-1, Section("常见问题", "FAQ", faqs.done()))
    return sections


def bundle_guide_sections(
    bundle: Bundle, members: Sequence[Item], language: str = "zh-CN", licence_types_en: Mapping[str, str] | None = None
) -> list[Section]:
    """A one-thing bundle's overview, its merged materials, fees and delivery, in ``language``."""
    english = is_english(language)
    materials: dict[str, str] = {}
    for item in members:
        for m in item.materials:
            materials.setdefault(m.id, describe_material(m, language, licence_types_en))
    delivery = _unique(DELIVERY_EN[d] if english else DELIVERY[d] for i in members for d in i.delivery)
    if english:
        names = ", ".join(target_name(i, "en") for i in members)
        fees = tuple(
            f"{target_name(i, 'en')}: "
            + (", ".join(pick(f.amount, f.amount_en, "en", "see the guide") for f in i.fees) or "free of charge")
            for i in members
        )
        days = f"{bundle.promised_days} working day{'s' if bundle.promised_days != 1 else ''}"
        overview = (
            pick(bundle.description, bundle.description_en, "en"),
            f"Services included: {names}",
            f"Promised time limit: {days if bundle.promised_days else 'on the spot'}",
            f"Visits to the hall: {_visits_en(bundle.visits)}",
        )
        return [
            Section("一件事说明", "About this bundle", overview),
            Section("申请材料（合并去重）", "Materials (merged)", tuple(materials.values()) or ("None",)),
            Section("收费标准", "Fees", fees),
            Section("送达方式", "Delivery", (", ".join(delivery),)),
        ]
    overview = (
        bundle.description,
        f"包含事项：{'、'.join(i.name for i in members)}",
        f"承诺办结时限：{bundle.promised_days} 个工作日" if bundle.promised_days else "承诺办结时限：即办",
        f"到办事现场次数：{bundle.visits} 次",
    )
    fees = tuple(f"{i.name}：{'、'.join(f.amount for f in i.fees) or '不收费'}" for i in members)
    return [
        Section("一件事说明", "About this bundle", overview),
        Section("申请材料（合并去重）", "Materials (merged)", tuple(materials.values()) or ("无",)),
        Section("收费标准", "Fees", fees),
        Section("送达方式", "Delivery", ("、".join(delivery),)),
    ]


def _unique(values: Iterable[str]) -> list[str]:
    return sorted(set(values))

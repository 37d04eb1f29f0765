"""The 办事指南 of an item as plain sections the guide screen and the receipt can show as they are."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalog.model import Item
from kiosk.catalog.situations import describe_material

AUDIENCE = {"personal": "个人", "enterprise": "法人"}
DELIVERY = {"pickup": "窗口领取", "post": "邮寄送达", "electronic": "电子送达"}


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


def guide_sections(item: Item, department_name: str = "") -> list[Section]:
    """The guide in the order halls publish it (basic information first, channels last)."""
    t = item.time_limit
    fees = tuple(f"{f.name}：{f.amount}（依据：{f.basis}）" for f in item.fees) or ("不收费",)
    faqs = tuple(line for f in item.faqs for line in (f"问：{f.q}", f"答：{f.a}"))
    sections = [
        Section("基本信息", "Basic information", (
            f"事项名称：{item.name}",
            f"实施编码：{item.code}",
            f"实施部门：{department_name or item.department}",
            f"事项类型：{item.item_type}",
            f"服务对象：{'、'.join(AUDIENCE[a] for a in item.audience)}",
            f"到办事现场次数：{item.visits} 次",
            f"网上办理：{'支持' if item.online else '不支持'}；本机申请：{'支持' if item.kiosk else '不支持'}",
            f"送达方式：{'、'.join(DELIVERY[d] for d in item.delivery)}",
            *((f"办理结果：{item.result}",) if item.result else ()),
        )),
        Section("受理条件", "Conditions", item.conditions),
        Section("申请材料", "Materials", tuple(describe_material(m) for m in item.materials)),
        Section("办理流程", "Process", tuple(
            f"{n}. {s.name}" + (f"：{s.detail}" if s.detail else "") for n, s in enumerate(item.process, 1))),
        Section("办理时限", "Time limits", (
            f"法定办结时限：{_days(t.legal_days)}", f"承诺办结时限：{_days(t.promised_days)}",
            *((t.note,) if t.note else ()))),
        Section("收费标准", "Fees", fees),
        Section("设定依据", "Legal basis", item.legal_basis),
        Section("办理地点和时间", "Place and hours", (
            f"地点：{item.place.address}" + (f" {item.place.window}" if item.place.window else ""),
            f"时间：{item.place.hours}")),
        Section("咨询和监督投诉", "Consultation and complaints", (
            f"咨询电话：{item.contact.consult_phone}", f"监督投诉电话：{item.contact.complaint_phone}")),
    ]
    if faqs:
        sections.insert(-1, Section("常见问题", "FAQ", faqs))
    return sections

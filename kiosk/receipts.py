"""Printer-neutral receipt and queue-ticket content, and the progress-query QR payload.

The UI fills a :class:`Receipt` (or :class:`QueueTicket`); :func:`receipt_blocks` says *what* is on
the paper, and ``devices.printer.layout`` decides *how* it fits 58 or 80 mm. Print a receipt with
``printer.print_job(receipt_job_id(application_id), build_receipt_job(receipt, printer.profile))``:
the job id comes from the application, so a retry can never print the same receipt twice.

QR payload (``progress_qr_payload``): ``KIOSKQ1:<reference>`` — a version tag and the case number (or
the offline local reference). With a query URL configured it is ``<url>?case=<reference>`` instead, so
a phone camera opens the platform's progress page; kiosks accept both (``parse_progress_qr``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from urllib.parse import parse_qs, quote, urlsplit

from devices.printer.document import Barcode, Block, Feed, Field, QrCode, Rule, Text
from devices.printer.driver import EscposPrinter
from devices.printer.layout import render_job
from devices.printer.profile import PrinterProfile
from devices.printer.result import PrintResult
from kiosk.privacy import mask_id_number, mask_phone

QR_PREFIX = "KIOSKQ1:"
REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,39}$")
DEFAULT_FOOTER = "一次办好 · 如有疑问请到服务窗口咨询，或拨打 12345"


def progress_qr_payload(case_no: str, query_url: str | None = None) -> str:
    """The QR text for a case number or local reference (``KIOSKQ1:…`` or ``<query_url>?case=…``)."""
    if not REFERENCE_RE.match(case_no):
        raise ValueError("a case number is 3-40 letters, digits and '-', starting with a letter or digit")
    if query_url:
        return f"{query_url.rstrip('?')}?case={quote(case_no)}"
    return QR_PREFIX + case_no


def parse_progress_qr(text: str) -> str | None:
    """The case number (or local reference) in a scanned QR text, or None when it is not ours."""
    text = text.strip()
    if text.startswith(QR_PREFIX):
        candidate = text[len(QR_PREFIX) :]
    elif text.startswith(("https://", "http://")):
        values = parse_qs(urlsplit(text).query).get("case", [])
        candidate = values[0] if len(values) == 1 else ""
    else:
        return None
    return candidate if REFERENCE_RE.match(candidate) else None


LABELS_EN = {
    "办理事项": "Service",
    "一件事": "Bundle",
    "申请人": "Applicant",
    "证件号码": "ID number",
    "办件编号": "Case no.",
    "受理号": "Reference",
    "申请时间": "Submitted",
    "已收材料": "Materials received",
    "送达方式": "Delivery",
    "承诺办结": "Promised by",
    "窗口区域": "Window",
    "前面等候": "Waiting",
    "取号时间": "Issued",
    "证照名称": "Licence",
    "证照编号": "Number",
    "持证人": "Holder",
    "发证机关": "Issued by",
    "有效期": "Valid",
    "打印时间": "Printed",
}
"""English beside the Chinese labels when the citizen used the kiosk in English (staff read the Chinese)."""
FOOTER_EN = "Questions: ask at a service window or call 12345"
TICKET_FOOTER_EN = "Watch the calling screen; a missed number needs a new ticket"


def label(zh: str, english: bool) -> str:
    """A receipt label: Chinese, with its English beside it on an English citizen's paper."""
    return f"{zh} {LABELS_EN[zh]}" if english else zh


@dataclass(frozen=True, slots=True)
class ReceivedMaterial:
    """One material the kiosk took: a reused electronic licence or pages captured on the camera."""

    name: str
    source: Literal["licence", "captured", "paper"] = "licence"
    pages: int = 0
    name_en: str = ""

    def describe(self) -> str:
        """``居民身份证（电子证照复用）`` / ``户口簿（现场拍摄 2 页）``."""
        if self.source == "licence":
            return f"{self.name}（电子证照复用）"
        if self.source == "captured":
            return f"{self.name}（现场拍摄 {self.pages} 页）"
        return f"{self.name}（纸质原件，窗口核验）"

    def describe_en(self) -> str:
        """``Resident ID card (electronic licence reused)`` / ``… (2 page(s) photographed)``."""
        name = self.name_en or self.name
        if self.source == "licence":
            return f"{name} (electronic licence reused)"
        if self.source == "captured":
            return f"{name} ({self.pages} page(s) photographed)"
        return f"{name} (paper original, checked at the window)"


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the citizen gets the result: pick-up at a window or by post."""

    kind: Literal["pickup", "post"] = "pickup"
    address: str = ""
    phone: str = ""

    def describe(self) -> str:
        """Text for the receipt; the postal address is shortened and the phone masked (lost receipts)."""
        if self.kind == "pickup":
            return "窗口自取（凭本回执）"
        address = self.address if len(self.address) <= 10 else self.address[:10] + "……"
        phone = f" {mask_phone(self.phone)}" if self.phone else ""
        return f"邮寄送达 {address}{phone}".rstrip()

    def describe_en(self) -> str:
        """The delivery in English (the address stays as the citizen wrote it, in the Chinese line)."""
        return "Collect at the window with this receipt" if self.kind == "pickup" else "By post to your address"


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything printed on an application receipt (回执); ``case_no`` None means offline."""

    hall_name: str
    service: str
    applicant_name: str
    id_number: str
    submitted_at: datetime
    case_no: str | None = None
    local_ref: str | None = None
    is_bundle: bool = False
    bundle_items: tuple[str, ...] = ()
    materials: tuple[ReceivedMaterial, ...] = ()
    delivery: Delivery = field(default_factory=Delivery)
    promised_date: date | None = None
    promised_days: int | None = None
    footer: str = DEFAULT_FOOTER
    query_url: str | None = None
    english: bool = False
    """The citizen used the kiosk in English: English beside the Chinese."""
    service_en: str = ""
    bundle_items_en: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        """What the QR code and barcode carry: the case number, else the local reference."""
        ref = self.case_no or self.local_ref
        if not ref:
            raise ValueError("a receipt needs a case number or, offline, a local reference")
        return ref


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """A queue ticket (排队号): big number, service, window area, people waiting, time."""

    hall_name: str
    number: str
    service: str
    window_area: str
    waiting: int
    issued_at: datetime
    footer: str = "请留意叫号屏和语音提示，过号请重新取号。"
    english: bool = False
    """The citizen used the kiosk in English: English beside the Chinese."""
    service_en: str = ""
    window_area_en: str = ""


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def english_line(text: str, english: bool, hang: int = 0) -> list[Block]:
    """An English line under a Chinese one, on an English citizen's paper only."""
    return [Text(text, hang=hang)] if english and text else []


def receipt_blocks(receipt: Receipt) -> list[Block]:
    """The content of an application receipt, top to bottom."""
    en = receipt.english
    reference = receipt.reference
    blocks: list[Block] = [
        Text(receipt.hall_name, align="center", bold=True, size=2),
        Text("受理回执 Application Receipt", align="center", bold=True),
        Rule("="),
        Field(label("一件事" if receipt.is_bundle else "办理事项", en), receipt.service),
        *english_line(receipt.service_en, en),
    ]
    names_en = receipt.bundle_items_en if en else ()
    for n, item in enumerate(receipt.bundle_items):
        blocks.append(Text(f"  · {item}", hang=6))
        blocks += english_line(f"    {names_en[n]}" if n < len(names_en) else "", en, hang=6)
    blocks += [
        Field(label("申请人", en), receipt.applicant_name),
        Field(label("证件号码", en), mask_id_number(receipt.id_number)),
    ]
    if receipt.case_no:
        blocks.append(Field(label("办件编号", en), receipt.case_no))
    else:
        blocks += [
            Field(label("受理号", en), reference),
            Text(
                "网络暂不可用：办件编号将稍后生成，可凭本回执扫码或到窗口查询。"
                "The case number will follow; scan the code below to check."
            ),
        ]
    blocks.append(Field(label("申请时间", en), _when(receipt.submitted_at)))
    if receipt.materials:
        blocks += [Rule(), Text(label("已收材料", en), bold=True)]
        for m in receipt.materials:
            blocks.append(Text(f"  · {m.describe()}", hang=6))
            blocks += english_line(f"    {m.describe_en()}", en, hang=6)
    blocks += [
        Rule(),
        Field(label("送达方式", en), receipt.delivery.describe()),
        *english_line(receipt.delivery.describe_en(), en),
    ]
    if receipt.promised_date is not None:
        days = f"（{receipt.promised_days} 个工作日）" if receipt.promised_days else ""
        blocks.append(Field(label("承诺办结", en), receipt.promised_date.isoformat() + days))
    blocks += [
        Feed(1),
        QrCode(progress_qr_payload(reference, receipt.query_url)),
        Text("扫码查询办理进度 Scan to check progress", align="center"),
        Barcode(reference),
        Rule(),
        Text(receipt.footer, align="center"),
        *([Text(FOOTER_EN, align="center")] if en else []),
    ]
    return blocks


def ticket_blocks(ticket: QueueTicket) -> list[Block]:
    """The content of a queue ticket, top to bottom."""
    en = ticket.english
    return [
        Text(ticket.hall_name, align="center", bold=True),
        Text("排队号 Queue Number", align="center"),
        Text(ticket.number, align="center", bold=True, size=4),
        Rule(),
        Field(label("办理事项", en), ticket.service),
        *english_line(ticket.service_en, en),
        Field(label("窗口区域", en), ticket.window_area),
        *english_line(ticket.window_area_en, en),
        Field(label("前面等候", en), f"{ticket.waiting} 人" + (f" ({ticket.waiting} people)" if en else "")),
        Field(label("取号时间", en), _when(ticket.issued_at)),
        Rule(),
        Text(ticket.footer, align="center"),
        *([Text(TICKET_FOOTER_EN, align="center")] if en else []),
    ]


def receipt_job_id(application_id: str) -> str:
    """The print job id of an application's receipt: the same application never prints twice."""
    return f"receipt:{application_id}"


def build_receipt_job(receipt: Receipt, profile: PrinterProfile, *, native_qr: bool | None = None) -> bytes:
    """The ESC/POS bytes of a receipt for ``profile``."""
    return render_job(receipt_blocks(receipt), profile, native_qr=native_qr)


def build_ticket_job(ticket: QueueTicket, profile: PrinterProfile) -> bytes:
    """The ESC/POS bytes of a queue ticket for ``profile``."""
    return render_job(ticket_blocks(ticket), profile)


def print_receipt(printer: EscposPrinter, receipt: Receipt, application_id: str) -> PrintResult:
    """Print an application's receipt once (blocking: call from a worker thread); see PrintResult."""
    return printer.print_job(receipt_job_id(application_id), build_receipt_job(receipt, printer.profile))


def reprint_receipt(printer: EscposPrinter, receipt: Receipt, application_id: str, reason: str) -> PrintResult:
    """Print an application's receipt again on purpose (admin screen, window staff); logged by the driver."""
    return printer.reprint(receipt_job_id(application_id), build_receipt_job(receipt, printer.profile), reason)


def print_ticket(printer: EscposPrinter, ticket: QueueTicket) -> PrintResult:
    """Print a queue ticket once (its number and time make the job id)."""
    job_id = f"ticket:{ticket.number}:{ticket.issued_at.isoformat(timespec='seconds')}"
    return printer.print_job(job_id, build_ticket_job(ticket, printer.profile))


# --- sample data: previews, the test page, golden tests ---------------------------------------------------
SAMPLE_TIME = datetime(2026, 11, 24, 10, 32)

CHARACTER_CLASSES: dict[str, str] = {
    "names": "张三 欧阳娜娜 买买提·艾力 李淼森 龚垚",
    "address": "山东省枣庄市滕州市荆河街道杏坛路１２号（政务服务中心）３楼",
    "punctuation": "，。：；、！？（）【】《》“”‘’……——·",
    "symbols": "￥１２８．００ ％ ＃ ＠ № ℃ ① ② ③ ×÷",
    "rare": "㐀 䶵 𠀀 𪚥 喆 堃 昇 赟",
    "latin": "ABC abc 0123456789 -_/:.,()[]",
}


def sample_receipt(
    case_no: str = "TZ2026112400123",
    hall_name: str = "滕州市政务服务中心",
    *,
    offline: bool = False,
    english: bool = False,
) -> Receipt:
    """A receipt with made-up applicant data (for previews and tests); ``english``: as printed for a
    citizen who used the kiosk in English."""
    return Receipt(
        hall_name=hall_name,
        service="企业开办（设立登记、印章刻制、发票申领）",
        applicant_name="张三",
        id_number="11010519491231002X",
        submitted_at=SAMPLE_TIME,
        case_no=None if offline else case_no,
        local_ref=case_no if offline else None,
        is_bundle=True,
        bundle_items=("设立登记", "印章刻制", "发票申领"),
        materials=(
            ReceivedMaterial("居民身份证", "licence", name_en="Resident ID card"),
            ReceivedMaterial("住所使用证明", "captured", 2, name_en="Proof of business premises"),
        ),
        delivery=Delivery("post", "山东省枣庄市滕州市荆河街道杏坛路12号", "13812345678"),
        promised_date=date(2026, 11, 27),
        promised_days=3,
        english=english,
        service_en="Starting a business (registration, seal, invoices)",
        bundle_items_en=("Company registration", "Seal engraving", "Invoice application"),
    )


def sample_ticket(hall_name: str = "滕州市政务服务中心", *, english: bool = False) -> QueueTicket:
    """A queue ticket with made-up data (for previews and tests)."""
    return QueueTicket(
        hall_name=hall_name,
        number="A023",
        service="不动产登记（二手房转移）",
        window_area="二楼 B 区 12-18 号窗口",
        waiting=7,
        issued_at=SAMPLE_TIME,
        english=english,
        service_en="Real estate registration (second-hand home)",
        window_area_en="2nd floor, zone B, windows 12-18",
    )


def test_page_blocks(hall_name: str, profile: PrinterProfile) -> list[Block]:
    """The technician's test page: every character class, sizes, QR code and barcode."""
    blocks: list[Block] = [
        Text("打印机测试页 Printer test page", align="center", bold=True, size=2),
        Text(hall_name, align="center"),
        Text(
            f"{profile.name} · {profile.paper_mm} mm · {profile.encoding} · "
            f"QR {'native' if profile.native_qr else 'raster'}",
            align="center",
        ),
        Rule(),
    ]
    for name, text in CHARACTER_CLASSES.items():
        blocks += [Text(name, bold=True), Text(text)]
    blocks += [
        Rule(),
        Text("左对齐 left"),
        Text("居中 center", align="center"),
        Text("右对齐 right", align="right"),
        Text("粗体 bold", bold=True),
        Text("倍大 x2", size=2),
        Rule(),
        QrCode(progress_qr_payload("TEST-0001")),
        Barcode("TEST-0001"),
        Text("测试完成 Test complete", align="center"),
    ]
    return blocks

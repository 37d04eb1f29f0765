"""Lay printer-neutral blocks out for one profile and produce the exact ESC/POS bytes of a job.

Commands come from python-escpos (size, alignment, QR, raster image, barcode, cut) driven into its
``Dummy`` printer; text is encoded here (``devices.printer.encoding``) and sent raw, because escpos'
own encoder drops CJK punctuation. The output is deterministic: golden tests compare it byte for byte.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import qrcode
from escpos.capabilities import Profile as EscposProfile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from devices.printer.code128 import escpos_code128, width_dots
from devices.printer.document import Barcode, Block, Feed, Field, QrCode, Rule, Text
from devices.printer.encoding import encode_text
from devices.printer.profile import PrinterProfile
from devices.printer.textwidth import text_width, wrap

log = logging.getLogger(__name__)

INIT = b"\x1b@"
BARCODE_MODULE_DOTS = 2
BARCODE_HEIGHT_DOTS = 64


def escpos_profile(profile: PrinterProfile) -> EscposProfile:
    """An escpos capabilities profile built from ours (paper width in dots for centring, cutter)."""
    features = {
        "paperFullCut": profile.cut == "full",
        "paperPartCut": profile.cut == "partial",
        "barcodeB": profile.hardware_barcode,
        "qrCode": profile.native_qr,
        "bitImageRaster": True,
    }
    caps = EscposProfile(columns=profile.columns, features=features)
    caps.profile_data = {
        "name": profile.name,
        "vendor": "kiosk",
        "features": features,
        "codePages": {"0": "CP437"},
        "fonts": {"0": {"name": "Font A", "columns": profile.columns}},
        "media": {"width": {"mm": profile.paper_mm, "pixels": profile.dots}, "dpi": profile.dpi},
    }
    return caps


class JobBuilder:
    """Accumulates the bytes of one job for one profile."""

    def __init__(self, profile: PrinterProfile, *, native_qr: bool | None = None) -> None:
        self.profile = profile
        self.native_qr = profile.native_qr if native_qr is None else native_qr
        self._out = Dummy(profile=escpos_profile(profile))
        self.replaced: list[str] = []

    @property
    def data(self) -> bytes:
        """The bytes so far."""
        return self._out.output

    def raw(self, data: bytes) -> None:
        """Append bytes as they are."""
        self._out._raw(data)

    def begin(self) -> None:
        """Reset the printer and select its Chinese mode where the profile has one."""
        self.raw(INIT + self.profile.chinese_mode)

    def style(self, *, align: str = "left", bold: bool = False, size: int = 1) -> None:
        """Select alignment, emphasis and character size (GS ! with equal width and height)."""
        self._out.set(align=align, bold=bold, custom_size=True, width=size, height=size)

    def line(self, text: str) -> None:
        """One line of text in the profile's encoding, then LF."""
        encoded = encode_text(text, self.profile.encoding)
        self.replaced.extend(encoded.replaced)
        self.raw(encoded.data + b"\n")

    def text(self, block: Text) -> None:
        """A wrapped paragraph."""
        size = max(1, min(block.size, 8))
        while (
            size > 1
            and text_width(block.text) > self.profile.columns // size
            and text_width(block.text) <= self.profile.columns // (size - 1)
        ):
            size -= 1  # one line a size smaller reads better than a big line broken in two
        self.style(align=block.align, bold=block.bold, size=size)
        columns = max(2, self.profile.columns // size)
        hang = min(max(block.hang, 0), columns // 2)
        lines = wrap(block.text, columns)
        if hang and len(lines) > 1:
            rest = _rejoin(block.text, lines[0])
            lines = [lines[0]] + [" " * hang + part for part in wrap(rest, columns - hang)]
        for part in lines:
            self.line(part)

    def field(self, block: Field) -> None:
        """``label：value``; continuation lines under the value (80 mm) or indented below (58 mm)."""
        self.style()
        label = f"{block.label}："
        columns = self.profile.columns
        room = columns - text_width(label)
        value_lines = wrap(block.value, room) if room >= 8 else []
        if value_lines and (len(value_lines) == 1 or self.profile.paper_mm >= 80):
            self.line(label + value_lines[0])
            for rest in value_lines[1:]:
                self.line(" " * text_width(label) + rest)
            return
        self.line(label)
        for part in wrap(block.value, columns - 2):
            self.line("  " + part)

    def rule(self, block: Rule) -> None:
        """A line of ``char`` across the paper."""
        self.style()
        char = block.char[:1] or "-"
        self.line(char * (self.profile.columns // text_width(char)))

    def qr(self, block: QrCode) -> None:
        """A centred QR code: ``GS ( k`` when the printer draws it, else a ``GS v 0`` raster image."""
        self.style(align="center")
        if self.native_qr:
            self._out.qr(block.payload, ec=QR_ECLEVEL_M, size=self.profile.qr_module, native=True)
            self.raw(b"\n")
            return
        code = qrcode.QRCode(
            version=None, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=self.profile.qr_module, border=2
        )
        code.add_data(block.payload)
        code.make(fit=True)
        self._out.image(code.make_image().get_image().convert("RGB"), center=True)

    def barcode(self, block: Barcode) -> None:
        """A centred CODE128 with its text below; skipped and logged when it cannot fit."""
        try:
            data = escpos_code128(block.data)
        except ValueError:
            log.warning("barcode skipped: data must be printable ASCII")
            return
        if width_dots(data, BARCODE_MODULE_DOTS) > self.profile.dots:
            log.warning("barcode skipped: %d characters do not fit %d dots", len(block.data), self.profile.dots)
            return
        self.style(align="center")
        # escpos' public barcode() prints to stdout; _hw_barcode is the GS k writer behind it.
        self._out._hw_barcode(
            data,
            "CODE128",
            height=BARCODE_HEIGHT_DOTS,
            width=BARCODE_MODULE_DOTS,
            pos="BELOW",
            font="A",
            align_ct=True,
            function_type="B",
        )
        self.raw(b"\n")

    def feed(self, block: Feed) -> None:
        """Blank lines."""
        self.raw(b"\n" * max(0, min(block.lines, 20)))

    def add(self, block: Block) -> None:
        """Lay out one block."""
        handler = {
            Text: self.text,
            Field: self.field,
            Rule: self.rule,
            QrCode: self.qr,
            Barcode: self.barcode,
            Feed: self.feed,
        }[type(block)]
        handler(block)  # type: ignore[operator]

    def finish(self) -> None:
        """Reset the style, feed past the cutter and cut (or feed to tear off without a cutter)."""
        self.style()
        if self.profile.cut == "none":
            self._out.print_and_feed(4)
        else:
            self._out.cut(mode="FULL" if self.profile.cut == "full" else "PART")


def _rejoin(text: str, first_line: str) -> str:
    """What is left of ``text`` after its first wrapped line (to wrap again, narrower)."""
    return text[len(first_line) :].lstrip(" ").removeprefix("\n")


def render_job(blocks: Iterable[Block], profile: PrinterProfile, *, native_qr: bool | None = None) -> bytes:
    """The complete ESC/POS bytes of a job made of ``blocks`` for ``profile``."""
    builder = JobBuilder(profile, native_qr=native_qr)
    builder.begin()
    for block in blocks:
        builder.add(block)
    builder.finish()
    return builder.data

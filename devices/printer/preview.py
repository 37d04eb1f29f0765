"""Turn the ESC/POS bytes we send into a picture of the paper (PNG) and the text printed on it.

Understands what our jobs use and a little more: text in the profile's encoding (Chinese mode on/off),
``ESC !``/``GS !`` sizes, bold, underline, alignment, line spacing and feeds, ``GS v 0`` raster images,
``GS ( k`` native QR codes (drawn with ``qrcode``), ``GS k`` barcodes (CODE128 drawn with
``python-barcode``) and cuts. Used by ``kiosk devices test printer --preview``, the admin screen and the
tests, which read the QR code back from the picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import barcode as pybarcode
import qrcode
from PIL import Image, ImageDraw, ImageFont

from devices.printer.code128 import decode_escpos_code128
from devices.printer.encoding import codec_for
from devices.printer.escpos_stream import Command, next_command
from devices.printer.fonts import fallback_fonts
from devices.printer.profile import PrinterProfile

CELL_W, CELL_H = 12, 24
DEFAULT_SPACING = 30
MARGIN = 16
_QR_EC = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}


@dataclass
class Preview:
    """The rendered paper and what a reader of it would find."""

    image: Image.Image
    lines: list[str] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    cuts: int = 0
    notes: list[str] = field(default_factory=list)

    def save(self, path: str) -> None:
        """Write the picture as PNG."""
        self.image.save(path, format="PNG")

    def png_bytes(self) -> bytes:
        """The picture as PNG bytes (for a screen that shows it without a file)."""
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG")
        return buffer.getvalue()


@dataclass
class _Style:
    align: int = 0
    bold: bool = False
    underline: bool = False
    width: int = 1
    height: int = 1


class _Renderer:
    def __init__(self, profile: PrinterProfile, font_path: str | None) -> None:
        self.profile = profile
        self.dots = profile.dots
        self._chosen: dict[str, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}
        self.font = ImageFont.truetype(font_path, CELL_H) if font_path else ImageFont.load_default()
        self.fallbacks = [
            ImageFont.truetype(path, CELL_H, index=index) for path, index in fallback_fonts() if font_path
        ]
        self._notdef: dict[int, bytes] = {}
        self.strips: list[Image.Image] = []
        self.glyphs: dict[tuple[str, bool, bool], Image.Image] = {}
        self.result = Preview(Image.new("L", (1, 1), 255))
        self.reset()

    def reset(self) -> None:
        self.style = _Style()
        self.spacing = DEFAULT_SPACING
        self.chinese = not self.profile.chinese_mode
        self.chars: list[tuple[str, _Style]] = []
        self.line_align = 0
        self.qr_data = b""
        self.qr_module = 3
        self.qr_ec = 48
        self.bar_height, self.bar_module, self.hri = 162, 3, 0

    # --- text ------------------------------------------------------------------------------------
    def decode(self, data: bytes) -> str:
        codec = codec_for(self.profile.encoding) if self.chinese else "cp437"
        return data.decode(codec, errors="replace")

    def add_text(self, data: bytes) -> None:
        if not self.chars:
            self.line_align = self.style.align
        style = _Style(**vars(self.style))
        self.chars.extend((ch, style) for ch in self.decode(data))

    def flush(self, feed: bool = True) -> None:
        if not self.chars:
            if feed:
                self.strips.append(Image.new("L", (self.dots, self.spacing), 255))
            return
        row: list[tuple[str, _Style]] = []
        width = 0
        for ch, style in self.chars:
            w = (CELL_W if ord(ch) < 0x80 else CELL_W * 2) * style.width
            if width + w > self.dots and row:
                self.draw_row(row)
                row, width = [], 0
            row.append((ch, style))
            width += w
        self.draw_row(row)
        self.chars = []

    def _drawn(self, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, ch: str) -> bytes:
        image = Image.new("L", (CELL_H * 2, CELL_H * 2), 255)
        ImageDraw.Draw(image).text((4, 4), ch, font=font, fill=0)
        return image.tobytes()

    def font_for(self, ch: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        """The main font, or the first fallback that has a glyph for a character it lacks: rare ideographs,
        and symbols such as ℃ that some fonts map to an empty glyph (drawn blank, not as a box)."""
        if ord(ch) < 0x2000 or ch.isspace() or not self.fallbacks:
            return self.font
        chosen = self._chosen.get(ch)
        if chosen is None:
            chosen = self.font
            for font in [self.font, *self.fallbacks]:
                notdef = self._notdef.setdefault(id(font), self._drawn(font, "\U000f0000"))
                drawn = self._drawn(font, ch)
                if drawn != notdef and min(drawn) < 128:  # a real glyph: neither the box nor nothing
                    chosen = font
                    break
            self._chosen[ch] = chosen
        return chosen

    def glyph(self, ch: str, bold: bool, underline: bool) -> Image.Image:
        """One character in its 12- or 24-dot cell (cached: receipts repeat characters a lot)."""
        key = (ch, bold, underline)
        cached = self.glyphs.get(key)
        if cached is not None:
            return cached
        cell_w = CELL_W if ord(ch) < 0x80 else CELL_W * 2
        font = self.font_for(ch)
        # Draw wide enough for the glyph, then squeeze into the printer's cell.
        draw_w = max(cell_w, int(font.getlength(ch)) + 2) if hasattr(font, "getlength") else cell_w
        cell = Image.new("L", (draw_w, CELL_H), 255)
        ImageDraw.Draw(cell).text(
            (draw_w / 2, CELL_H / 2), ch, font=font, fill=0, anchor="mm", stroke_width=1 if bold else 0, stroke_fill=0
        )
        if draw_w != cell_w:
            cell = cell.resize((cell_w, CELL_H), Image.Resampling.LANCZOS)
        if underline:
            ImageDraw.Draw(cell).line([(0, CELL_H - 1), (cell_w, CELL_H - 1)], fill=0, width=2)
        self.glyphs[key] = cell
        return cell

    def draw_row(self, row: list[tuple[str, _Style]]) -> None:
        self.result.lines.append("".join(ch for ch, _ in row))
        height = max(CELL_H * s.height for _, s in row)
        width = sum((CELL_W if ord(ch) < 0x80 else CELL_W * 2) * s.width for ch, s in row)
        strip = Image.new("L", (self.dots, max(self.spacing, height + self.spacing - CELL_H)), 255)
        x = {0: 0, 1: (self.dots - width) // 2, 2: self.dots - width}.get(self.line_align, 0)
        for ch, style in row:
            cell = self.glyph(ch, style.bold, style.underline)
            cell_w = cell.width
            if style.width > 1 or style.height > 1:
                cell = cell.resize((cell_w * style.width, CELL_H * style.height), Image.Resampling.NEAREST)
            strip.paste(cell, (x, height - cell.height))
            x += cell.width
        self.strips.append(strip)

    # --- pictures ----------------------------------------------------------------------------------
    def place(self, picture: Image.Image, pad: int = 0) -> None:
        picture = picture.convert("L")
        if picture.width > self.dots:
            self.result.notes.append(f"image {picture.width} dots wide is wider than the paper ({self.dots})")
            picture = picture.crop((0, 0, self.dots, picture.height))
        strip = Image.new("L", (self.dots, picture.height + 2 * pad), 255)
        x = {0: 0, 1: (self.dots - picture.width) // 2, 2: self.dots - picture.width}.get(self.style.align, 0)
        strip.paste(picture, (x, pad))
        self.strips.append(strip)

    def raster(self, command: Command) -> None:
        m, xl, xh, yl, yh = command.params[1:6]
        size = ((xl | xh << 8) * 8, yl | yh << 8)
        if not size[0] or not size[1]:
            return
        picture = Image.frombytes("1", size, command.data, "raw", "1;I")
        if m & 1 or m & 2:
            picture = picture.resize((size[0] * (2 if m & 1 else 1), size[1] * (2 if m & 2 else 1)))
        self.flush(feed=False)
        self.place(picture)

    def qr(self, command: Command) -> None:
        data = command.data
        if len(data) < 2 or data[0] != 0x31:
            return
        fn = data[1]
        if fn == 67 and len(data) > 2:
            self.qr_module = max(1, min(data[2], 16))
        elif fn == 69 and len(data) > 2:
            self.qr_ec = data[2]
        elif fn == 80:
            self.qr_data = data[3:]
        elif fn == 81 and self.qr_data:
            payload = self.qr_data.decode("utf-8", errors="replace")
            code = qrcode.QRCode(
                error_correction=_QR_EC.get(self.qr_ec, qrcode.constants.ERROR_CORRECT_M),
                box_size=self.qr_module,
                border=0,
            )
            code.add_data(payload)
            code.make(fit=True)
            self.flush(feed=False)
            self.place(code.make_image().get_image(), pad=2 * self.qr_module)
            self.result.qr_payloads.append(payload)

    def barcode(self, command: Command) -> None:
        m = command.params[0]
        raw = command.data.decode("latin-1")
        text = decode_escpos_code128(raw) if m == 73 else raw
        self.result.barcodes.append(text)
        self.flush(feed=False)
        try:
            modules = pybarcode.get_barcode_class("code128")(text).build()[0]
        except Exception:  # noqa: BLE001 - the preview shows the text even when it cannot draw bars
            modules = ""
            self.result.notes.append(f"barcode {text!r} not drawn")
        bars = Image.new("L", (max(1, len(modules) * self.bar_module), self.bar_height), 255)
        draw = ImageDraw.Draw(bars)
        for i, bit in enumerate(modules):
            if bit == "1":
                draw.rectangle([i * self.bar_module, 0, (i + 1) * self.bar_module - 1, self.bar_height], fill=0)
        self.place(bars, pad=4)
        if self.hri in (2, 3):
            saved, self.style = self.style, _Style(align=self.style.align)
            self.add_text(text.encode("ascii", errors="replace"))
            self.flush()
            self.style = saved

    def cut(self, partial: bool) -> None:
        self.flush(feed=False)
        strip = Image.new("L", (self.dots, 28), 255)
        draw = ImageDraw.Draw(strip)
        step = 6 if partial else 12
        for x in range(0, self.dots, step * 2):
            draw.line([(x, 14), (x + step, 14)], fill=0, width=2)
        label = "切纸 cut" if not partial else "半切 partial cut"
        box = draw.textbbox((self.dots // 2, 14), label, font=self.font, anchor="mm")
        draw.rectangle(box, fill=255)
        draw.text((self.dots // 2, 14), label, font=self.font, fill=0, anchor="mm")
        self.strips.append(strip)
        self.result.cuts += 1

    # --- commands ----------------------------------------------------------------------------------
    def command(self, c: Command) -> None:  # noqa: C901 - one branch per command is the clearest form
        name, p = c.name, c.params
        if name == "TEXT":
            self.add_text(c.data)
        elif name == "LF":
            self.flush()
        elif name == "ESC @":
            self.flush(feed=False)
            self.reset()
        elif name == "ESC !":
            n = p[0]
            self.style.bold, self.style.underline = bool(n & 0x08), bool(n & 0x80)
            self.style.height, self.style.width = (2 if n & 0x10 else 1), (2 if n & 0x20 else 1)
        elif name == "GS !":
            self.style.width, self.style.height = (p[0] >> 4 & 7) + 1, (p[0] & 7) + 1
        elif name in ("ESC E", "ESC G"):
            self.style.bold = bool(p[0] & 1)
        elif name == "ESC -":
            self.style.underline = bool(p[0] & 3)
        elif name == "ESC a":
            self.style.align = {48: 0, 49: 1, 50: 2}.get(p[0], p[0] if p[0] < 3 else 0)
            if not self.chars:
                self.line_align = self.style.align
        elif name == "ESC 2":
            self.spacing = DEFAULT_SPACING
        elif name == "ESC 3":
            self.spacing = max(p[0], 1)
        elif name == "ESC d":
            self.flush()
            self.strips.append(Image.new("L", (self.dots, max(0, p[0] - 1) * self.spacing + 1), 255))
        elif name == "ESC J":
            self.flush(feed=False)
            self.strips.append(Image.new("L", (self.dots, max(p[0], 1)), 255))
        elif name == "FS &":
            self.chinese = True
        elif name == "FS .":
            self.chinese = False
        elif name == "GS v 0":
            self.raster(c)
        elif name == "GS ( k":
            self.qr(c)
        elif name == "GS k":
            self.barcode(c)
        elif name == "GS h":
            self.bar_height = max(p[0], 1)
        elif name == "GS w":
            self.bar_module = max(1, min(p[0], 6))
        elif name == "GS H":
            self.hri = p[0] & 3
        elif name == "GS V":
            if p[0] in (65, 66) and len(p) > 1:
                self.strips.append(Image.new("L", (self.dots, p[1] or 1), 255))
            self.cut(partial=p[0] in (1, 49, 66))

    def finish(self) -> Preview:
        self.flush(feed=False)
        height = sum(s.height for s in self.strips) or 1
        paper = Image.new("L", (self.dots + 2 * MARGIN, height + 2 * MARGIN), 255)
        y = MARGIN
        for strip in self.strips:
            paper.paste(strip, (MARGIN, y))
            y += strip.height
        self.result.image = paper
        return self.result


def render_preview(data: bytes, profile: PrinterProfile, font_path: str | None = None) -> Preview:
    """Render a job's bytes as the printer would print them; a job cut short is noted, not an error."""
    renderer = _Renderer(profile, font_path)
    i = 0
    while i < len(data):
        found = next_command(data, i)
        if found is None:
            renderer.result.notes.append(f"job ends inside a command at byte {i} of {len(data)}")
            break
        command, i = found
        renderer.command(command)
    return renderer.finish()

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer.document import Text
from devices.printer.layout import render_job
from devices.printer.preview import render_preview
from kiosk.receipts import build_receipt_job, build_ticket_job, sample_receipt, sample_ticket
from tests.devices.printer.conftest import decode_qr


@pytest.mark.parametrize("native", [True, False], ids=["native-qr", "raster-qr"])
@pytest.mark.parametrize("width", ["profile80", "profile58"])
def test_receipt_preview_qr_decodes_back_to_the_payload(request, width, native, cjk_font, artifacts_dir):
    profile = request.getfixturevalue(width)
    data = build_receipt_job(sample_receipt("TZ2026112400123"), profile, native_qr=native)
    preview = render_preview(data, profile, cjk_font)
    preview.save(str(artifacts_dir / f"printer-receipt-{profile.paper_mm}mm-{'native' if native else 'raster'}.png"))
    assert decode_qr(preview.image) == "KIOSKQ1:TZ2026112400123"
    assert preview.image.width == profile.dots + 32
    assert preview.notes == []
    text = "\n".join(preview.lines)
    assert "证件号码：1101**********002X" in text
    assert "11010519491231002X" not in text
    assert "办件编号：TZ2026112400123" in text
    assert preview.barcodes == ["TZ2026112400123"]
    assert preview.cuts == (1 if profile.cut != "none" else 0)
    if native:
        assert preview.qr_payloads == ["KIOSKQ1:TZ2026112400123"]


def test_offline_receipt_says_the_case_number_follows(profile80, cjk_font):
    preview = render_preview(
        build_receipt_job(sample_receipt("TZ-20261124-0001", offline=True), profile80), profile80, cjk_font
    )
    text = "".join(preview.lines)
    assert "受理号：TZ-20261124-0001" in text
    assert "办件编号将稍后生成" in text
    assert decode_qr(preview.image) == "KIOSKQ1:TZ-20261124-0001"


def test_ticket_number_is_large(profile58, cjk_font, artifacts_dir):
    preview = render_preview(build_ticket_job(sample_ticket(), profile58), profile58, cjk_font)
    preview.save(str(artifacts_dir / "printer-ticket-58mm.png"))
    assert "A023" in preview.lines
    assert preview.png_bytes().startswith(b"\x89PNG")
    assert "前面等候：7 人" in preview.lines


def test_text_styles_change_the_picture(profile80, cjk_font):
    def ink(block: Text) -> int:
        image = render_preview(render_job([block], profile80), profile80, cjk_font).image
        image = image.crop((0, 0, image.width, 90))  # the text, not the cut mark below
        return sum(1 for v in image.getdata() if v < 128)

    normal = ink(Text("政务服务"))
    assert ink(Text("政务服务", bold=True)) > normal
    assert ink(Text("政务服务", size=2)) > 3 * normal


def test_alignment_moves_the_text(profile80, cjk_font):
    def first_ink_column(align: str) -> int:
        image = render_preview(render_job([Text("回执", align=align)], profile80), profile80, cjk_font).image
        image = image.crop((0, 0, image.width, 60))  # the text line, not the cut mark below
        width, height = image.size
        pixels = image.load()
        return min(x for x in range(width) for y in range(height) if pixels[x, y] < 128)

    assert first_ink_column("left") < first_ink_column("center") < first_ink_column("right")


def test_chinese_mode_off_shows_garbage_like_a_real_printer(profile80, cjk_font):
    data = render_job([Text("回执")], profile80).replace(b"\x1c&", b"\x1c.")
    assert "回执" not in render_preview(data, profile80, cjk_font).lines


def test_truncated_job_renders_what_arrived(profile80, cjk_font):
    data = build_receipt_job(sample_receipt(), profile80, native_qr=False)
    cut_at = data.index(b"\x1dv0") + 20
    preview = render_preview(data[:cut_at], profile80, cjk_font)
    assert preview.notes and "ends inside a command" in preview.notes[0]
    assert "申请人：张三" in preview.lines


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_any_bytes_render_without_crashing(profile58, data):
    preview = render_preview(data, profile58, None)
    assert preview.image.width == profile58.dots + 32


def test_rare_characters_are_drawn_not_boxed(profile80, cjk_font):
    def picture(text: str) -> bytes:
        image = render_preview(render_job([Text(text)], profile80), profile80, cjk_font).image
        return image.crop((0, 0, 80, 60)).tobytes()

    assert picture("㐀") != picture("\U000f0000")  # CJK Ext. A from the fallback font, not the missing box
    assert picture("℃") != picture(" "), "℃ is drawn (the main font maps it to an empty glyph)"

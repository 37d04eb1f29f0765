"""``kiosk receipt preview``: render a receipt (or queue ticket) with sample data to a PNG."""

from __future__ import annotations

import argparse
import sys

from devices.printer.preview import render_preview
from kiosk.cli.common import add_config_option, settings_or_exit
from kiosk.cli.test_printer import preview_font, printer_section, section_profile
from kiosk.receipts import REFERENCE_RE, build_receipt_job, build_ticket_job, sample_receipt, sample_ticket
from kiosk.settings.printer import available_profiles


def _preview(args: argparse.Namespace) -> int:
    if not REFERENCE_RE.match(args.case):
        print("case number: 3-40 letters, digits and '-' / 办件编号格式不正确", file=sys.stderr)
        return 2
    settings = settings_or_exit(args)
    profile = section_profile(printer_section(settings, args))
    hall = settings.kiosk.hall_name
    if args.ticket:
        data = build_ticket_job(sample_ticket(hall, english=args.english), profile)
    else:
        data = build_receipt_job(
            sample_receipt(args.case, hall, offline=args.offline, english=args.english),
            profile,
            native_qr=None if args.qr == "profile" else args.qr == "native",
        )
    preview = render_preview(data, profile, preview_font())
    preview.save(args.out)
    print(
        f"{args.out}: {profile.name} {profile.paper_mm} mm, {len(data)} bytes, "
        f"{preview.image.width}x{preview.image.height} px"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``receipt preview --case CASE_NO --out out.png``."""
    receipt = sub.add_parser("receipt", help="receipts and queue tickets")
    rsub = receipt.add_subparsers(dest="receipt_command", metavar="ACTION", required=True)
    preview = rsub.add_parser("preview", help="render a receipt with sample data to a PNG")
    preview.add_argument("--case", required=True, help="case number to print (sample applicant data)")
    preview.add_argument("--out", required=True, help="PNG file to write")
    preview.add_argument("--profile", help=f"printer profile: {', '.join(available_profiles())} or a .toml path")
    preview.add_argument("--offline", action="store_true", help="offline receipt: --case is the local reference")
    preview.add_argument("--ticket", action="store_true", help="render a queue ticket instead")
    preview.add_argument(
        "--english",
        action="store_true",
        help="as printed for a citizen who used the kiosk in English (English beside the Chinese)",
    )
    preview.add_argument(
        "--qr",
        choices=["profile", "native", "raster"],
        default="profile",
        help="QR code as the profile says, or force native/raster",
    )
    add_config_option(preview)
    preview.set_defaults(func=_preview)

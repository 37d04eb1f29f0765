"""Print a test page (every character class, QR code, barcode) and report the printer's status."""

from __future__ import annotations

import argparse
import sys
import uuid

from pydantic import ValidationError

from devices import registry
from devices.base import ReceiptPrinter
from devices.errors import DeviceError
from devices.printer.fonts import find_cjk_font
from devices.printer.layout import render_job
from devices.printer.preview import render_preview
from devices.printer.profile import PrinterProfile, load_profile
from kiosk.cli.common import EXIT_CONFIG, settings_or_exit
from kiosk.receipts import test_page_blocks
from kiosk.settings import KioskSettings
from kiosk.settings.printer import PrinterSection, available_profiles


def printer_section(settings: KioskSettings, args: argparse.Namespace) -> PrinterSection:
    """``[devices.printer]`` with ``--backend``/``--profile``/``--state`` applied (validated again)."""
    data = settings.devices.printer.model_dump(exclude={"profile_path"})
    for option, key in (
        ("backend", "backend"),
        ("profile", "profile"),
        ("state", "simulated_state"),
        ("host", "host"),
        ("port", "port"),
    ):
        value = getattr(args, option, None)
        if value:
            data[key] = value
    if getattr(args, "host", None) and not getattr(args, "backend", None):
        data["backend"] = "network"  # --host names a network printer
    try:
        return PrinterSection.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'printer'}: {e['msg']}" for e in exc.errors())
        print(f"配置错误 / configuration error: {problems}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def section_profile(section: PrinterSection) -> PrinterProfile:
    """The profile the section names."""
    return load_profile(section.profile_path)


def preview_font() -> str | None:
    """A Chinese font for previews; warns on stderr when there is none (Chinese would show as boxes)."""
    font = find_cjk_font()
    if font is None:
        print("warning: no Chinese font found (fc-list :lang=zh-cn); install fonts-wqy-microhei", file=sys.stderr)
    return font


STATES = ["ok", "near_end", "out", "offline", "disconnect", "paper_runs_out", "no_status"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--backend``, ``--profile``, ``--state`` (simulator), ``--preview out.png``, ``--no-print``."""
    parser.add_argument(
        "--backend", choices=registry.backend_names("printer"), help="printer backend (default: the configured one)"
    )
    parser.add_argument("--profile", help=f"printer profile: {', '.join(available_profiles())} or a .toml path")
    parser.add_argument("--state", choices=STATES, help="simulated backend: state or fault to simulate")
    parser.add_argument("--preview", metavar="PNG", help="also render the test page to this PNG file")
    parser.add_argument("--no-print", action="store_true", help="only read the status (and render --preview)")
    parser.add_argument("--host", help="a network printer's address (implies --backend network)")
    parser.add_argument("--port", type=int, help="a network printer's TCP port (default 9100)")


def run(args: argparse.Namespace) -> int:
    """Build the printer from config (plus overrides), read its status, print the test page."""
    settings = settings_or_exit(args)
    section = printer_section(settings, args)
    options = section.model_dump(exclude={"backend"})
    try:
        printer = registry.create("printer", section.backend, name="printer", **options)
    except DeviceError as exc:
        print(f"打印机配置错误 / printer configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    profile = printer.profile  # type: ignore[attr-defined]
    data = render_job(test_page_blocks(settings.kiosk.hall_name, profile), profile)
    printer.start()
    try:
        info = printer.describe()
        print(
            f"printer: {section.backend} {info.get('target', '')} profile {profile.name} "
            f"({profile.paper_mm} mm, {profile.encoding})"
        )
        try:
            code = 0 if printer.read_status().can_print else 1  # type: ignore[attr-defined]
        except DeviceError:
            code = 1
        status = printer.status
        print(f"status: {status.state.value}{' - ' + status.reason if status.reason else ''}")
        if not args.no_print:
            if not isinstance(printer, ReceiptPrinter):
                print(f"{section.backend} is not a receipt printer backend", file=sys.stderr)
                return 2
            result = printer.print_job(f"test-page:{uuid.uuid4()}", data)
            print(
                f"test page: {result.outcome.value} ({len(data)} bytes)"
                f"{' - ' + result.status.reason if result.status.reason else ''}"
            )
            if result.warning:
                print(f"warning: {result.warning}")
            if not result.printed:
                print(result.message_zh)
            code = 0 if result.printed else 1
    finally:
        printer.stop()
    if args.preview:
        preview = render_preview(data, profile, preview_font())
        preview.save(args.preview)
        print(f"preview: {args.preview} ({preview.image.width}x{preview.image.height})")
    return code

"""What printers this machine can see: USB printer-class devices, CUPS queues, ``/dev/usb/lp*`` files."""

from __future__ import annotations

import glob
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

PRINTER_CLASS = 7
SYS_USB = Path("/sys/bus/usb/devices")


def _entry(path: str, description: str, backend: str) -> dict:
    return {"kind": "printer", "path": path, "description": description, "backend": backend}


def _usb_with_pyusb() -> list[dict] | None:
    try:
        import usb.core
        import usb.util
    except ImportError:
        return None
    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        return None
    except Exception as exc:  # noqa: BLE001 - a scan reports what it can
        log.debug("pyusb scan failed: %s", exc)
        return None
    found = []
    for dev in devices:
        try:
            is_printer = any(intf.bInterfaceClass == PRINTER_CLASS for cfg in dev for intf in cfg)
        except Exception:  # noqa: BLE001 - no permission to read descriptors
            continue
        if is_printer:
            try:
                name = usb.util.get_string(dev, dev.iProduct) or "USB printer"
            except Exception:  # noqa: BLE001 - strings need access to the device
                name = "USB printer"
            found.append(
                _entry(
                    f"usb:{dev.idVendor:04x}:{dev.idProduct:04x}",
                    f"{name} (usb_vendor_id=0x{dev.idVendor:04x}, usb_product_id=0x{dev.idProduct:04x})",
                    "usb",
                )
            )
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _usb_with_sysfs(root: Path = SYS_USB) -> list[dict]:
    found = []
    for dev in sorted(root.glob("*")) if root.is_dir() else []:
        vendor, product = _read(dev / "idVendor"), _read(dev / "idProduct")
        if not vendor or not product:
            continue
        classes = {_read(intf / "bInterfaceClass") for intf in dev.glob(f"{dev.name}:*")}
        if f"{PRINTER_CLASS:02x}" not in classes:
            continue
        name = " ".join(filter(None, (_read(dev / "manufacturer"), _read(dev / "product")))) or "USB printer"
        found.append(
            _entry(f"usb:{vendor}:{product}", f"{name} (usb_vendor_id=0x{vendor}, usb_product_id=0x{product})", "usb")
        )
    return found


def _cups_queues() -> list[dict]:
    if shutil.which("lpstat") is None:
        return []
    try:
        out = subprocess.run(["lpstat", "-v"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        head, sep, uri = line.partition(": ")
        if sep and head.startswith("device for "):
            queue = head.removeprefix("device for ").strip()
            found.append(_entry(f"cups:{queue}", f"CUPS queue {queue} → {uri.strip()} (cups_queue={queue})", "cups"))
    return found


def _lp_files(pattern: str = "/dev/usb/lp*") -> list[dict]:
    return [_entry(path, f"USB printer device file (file_path={path})", "file") for path in sorted(glob.glob(pattern))]


def scan() -> list[dict]:
    """Every printer found, as ``{kind, path, description, backend}``; never raises."""
    usb_found = _usb_with_pyusb()
    if usb_found is None:
        usb_found = _usb_with_sysfs()
    return usb_found + _cups_queues() + _lp_files()

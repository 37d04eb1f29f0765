"""List the video devices a technician can point the camera configuration at."""

from __future__ import annotations

import glob
from pathlib import Path


def _name(device: str) -> str:
    sysfs = Path("/sys/class/video4linux") / Path(device).name / "name"
    try:
        return sysfs.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return "video device"


def scan() -> list[dict]:
    """One entry per ``/dev/video*`` with ``kind``, ``path`` and ``description`` (the driver's name)."""
    found = []
    for device in sorted(glob.glob("/dev/video*"), key=lambda p: (len(p), p)):
        found.append({"kind": "camera", "path": device, "description": _name(device)})
    return found

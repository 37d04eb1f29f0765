"""grab frames, capture a face and a page once each, read QR codes; write images and summary.json to DIR

``kiosk devices test camera [--source S] [--out DIR]``: the configured camera, or ``--source`` (index,
/dev/videoN, video file or image folder). A technician's installation check: the face image it writes
is the technician's own test picture; citizens' photos never go to disk.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from kiosk.cli.common import settings_or_exit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--source`` and ``--out``."""
    parser.add_argument(
        "--source", help="camera index, /dev/videoN, video file or image folder (default: the configured camera)"
    )
    parser.add_argument(
        "--out", default="camera-test", help="directory for images and summary.json (default: ./camera-test)"
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds for each capture (default 15)")
    parser.add_argument(
        "--qr-seconds",
        type=float,
        default=6.0,
        help="seconds to wait for a QR code after the captures when none was seen yet (default 6)",
    )


def _camera(args: argparse.Namespace) -> Any:
    from devices import registry

    section = settings_or_exit(args).devices.camera
    options = section.model_dump(exclude={"backend"})
    if args.source:
        options["source"] = args.source
        return registry.create("camera", "opencv", name="camera", **options), section
    return registry.create("camera", section.backend, name="camera", **options), section


def run(args: argparse.Namespace) -> int:
    """Run the camera checks; exit 0 when the camera delivered frames, 1 when it did not."""
    import cv2

    from devices.camera.document_capture import capture_page
    from devices.camera.face_capture import capture_face
    from devices.camera.material import assemble_material
    from devices.camera.qr import CodeWatcher

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    camera, section = _camera(args)
    events: list[dict[str, Any]] = []
    codes: list[dict[str, str]] = []

    def listen(event: Any) -> None:
        kind = type(event).__name__
        if kind == "CodeRead":
            codes.append({"text": event.text, "symbology": event.symbology})
        elif kind == "StatusChanged":
            events.append({"event": kind, "state": event.status.state.value, "reason": event.status.reason})
        elif kind == "CaptureHint":
            events.append({"event": kind, "purpose": event.purpose, "hint": event.hint.code})

    camera.add_listener(listen)
    summary: dict[str, Any] = {"source": camera.source or "(bundled samples)", "backend": type(camera).__name__}
    watcher = CodeWatcher(camera)
    camera.start()
    watcher.start()
    try:
        got = camera.wait_frame(0, timeout=min(args.timeout, 10.0))
        if got is None:
            summary.update(ok=False, status=camera.describe())
            print(f"摄像头无画面 / no frames from the camera: {camera.status.reason}")
            return 1
        _, frame = got
        cv2.imwrite(str(out / "frame.jpg"), frame)
        summary["frame"] = {"file": "frame.jpg", "width": int(frame.shape[1]), "height": int(frame.shape[0])}
        started = time.monotonic()
        face = capture_face(camera, timeout_s=args.timeout)
        summary["face"] = {
            "status": face.status,
            "hint": face.hint.code if face.hint else None,
            "frames": face.frames,
            "seconds": round(time.monotonic() - started, 2),
        }
        if face.accepted:
            (out / "face.jpg").write_bytes(face.jpeg or b"")
            summary["face"].update(file="face.jpg", metrics=face.assessment.metrics if face.assessment else {})
        started = time.monotonic()
        page = capture_page(camera, timeout_s=args.timeout)
        summary["document"] = {
            "status": page.status,
            "hint": page.hint.code if page.hint else None,
            "seconds": round(time.monotonic() - started, 2),
        }
        if page.accepted and page.page is not None and page.corners is not None:
            cv2.imwrite(str(out / "page.jpg"), page.page)
            material = assemble_material([page.page], section.material_budget_kb * 1024)
            (out / "page.pdf").write_bytes(material.pdf)
            summary["document"].update(
                file="page.jpg",
                pdf="page.pdf",
                pdf_bytes=material.pdf_size,
                corners=[[round(float(v), 1) for v in c] for c in page.corners],
            )
        deadline = time.monotonic() + args.qr_seconds
        while not codes and time.monotonic() < deadline:  # hold a receipt up to the camera now
            time.sleep(0.1)
        summary.update(ok=True, status=camera.describe())
    finally:
        watcher.stop()
        camera.stop()
        summary["codes"] = codes
        summary["events"] = events
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    face_status = summary["face"]["status"]
    page_status = summary["document"]["status"]
    print(f"摄像头正常 / camera ok: {summary['status']['fps']} fps")
    print(f"人脸 / face: {face_status}  材料 / page: {page_status}  二维码 / codes: {len(codes)}")
    print(f"结果 / results: {out / 'summary.json'}")
    return 0

"""What the technician's screens do: device status and self-tests, outbox, platform check, logs, config,
reprint, restart and exit. Every action is audited (DESIGN.md §5); nothing personal leaves memory.

Screens build it with :func:`admin_services_for` (one instance per :class:`~kiosk.services.KioskServices`)
and call its blocking methods from a worker thread.
"""

from __future__ import annotations

import collections
import csv
import logging
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.base import CardRead, DeviceState, StatusChanged
from kiosk.privacy import mask_id_number, mask_name

log = logging.getLogger("kiosk.admin")

RESTART_EXIT_CODE = 75
"""Exit status that asks systemd (``Restart=on-failure``) to start the kiosk again (EX_TEMPFAIL)."""
SECRET_KEYS = ("pin", "secret", "key", "password", "token")
LOG_LINES = 200


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """One device on the technician's status list."""

    kind: str
    backend: str
    state: str
    reason: str
    last_error: str
    last_error_at: float | None


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """A self-test's outcome: ``ok``, a line of text, and an image (PNG/JPEG bytes, in memory only)."""

    ok: bool
    text: str
    image: bytes = b""
    image_ext: str = "png"


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One line of the network and platform check (``kiosk doctor``)."""

    name: str
    status: str
    detail: str


class RecentLogs(logging.Handler):
    """The last few hundred log lines, masked as the log files are (for the logs screen)."""

    def __init__(self, size: int = LOG_LINES) -> None:
        from kiosk.logging_setup import MaskingFilter

        super().__init__(logging.INFO)
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.addFilter(MaskingFilter())

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``time level logger: message`` (already masked by the filter)."""
        when = time.strftime("%H:%M:%S", time.localtime(record.created))
        self.lines.append(f"{when} {record.levelname:7} {record.name}: {record.getMessage()}")


class AdminServices:
    """The technician's tools over the running kiosk's services."""

    def __init__(self, services: Any) -> None:
        self.services = services
        self.settings = services.settings
        self._last_errors: dict[str, tuple[str, float]] = {}
        self.recent_logs = RecentLogs()
        logging.getLogger().addHandler(self.recent_logs)
        services.bus.subscribe(StatusChanged, self._on_status)
        for kind, device in services.devices.items():
            if device.status.state in (DeviceState.OFFLINE, DeviceState.DEGRADED) and device.status.reason:
                self._last_errors[kind] = (device.status.reason, time.time())

    def audit(self, action: str) -> None:
        """Log one admin action."""
        self.services.admin.audit(action)

    # --- devices -------------------------------------------------------------------------------
    def _on_status(self, event: StatusChanged) -> None:
        if event.status.state in (DeviceState.OFFLINE, DeviceState.DEGRADED) and event.status.reason:
            kind = next((k for k, d in self.services.devices.items() if d.name == event.device), event.device)
            self._last_errors[kind] = (event.status.reason, time.time())

    def device_rows(self) -> list[DeviceRow]:
        """Every configured device with its state, reason and last error since start-up."""
        rows = []
        for kind, device in self.services.devices.items():
            status = device.status
            error, at = self._last_errors.get(kind, ("", None))
            rows.append(DeviceRow(kind, type(device).__name__, status.state.value, status.reason, error, at))
        return rows

    def _device(self, kind: str) -> Any:
        device = self.services.devices.get(kind)
        if device is None:
            raise LookupError(f"no {kind} device is configured / 未配置该设备")
        return device

    def read_card(self, timeout_s: float = 20.0) -> SelfTestResult:
        """Wait for a card on the reader (the simulator places its first sample) and show it masked."""
        self.audit("self-test: read card")
        try:
            reader = self._device("idcard")
        except LookupError as exc:
            return SelfTestResult(False, str(exc))
        got: list[Any] = []
        done = threading.Event()

        def listener(event: Any) -> None:
            if type(event).__name__ in ("CardRead", "CardError"):
                got.append(event)
                done.set()

        reader.add_listener(listener)
        try:
            if hasattr(reader, "place_sample"):
                threading.Thread(target=reader.place_sample, daemon=True).start()
            done.wait(timeout_s)
        finally:
            reader.remove_listener(listener)
        try:
            if not got:
                return SelfTestResult(False, f"no card within {timeout_s:.0f} s / {timeout_s:.0f} 秒内未读到卡")
            event = got[0]
            if not isinstance(event, CardRead):
                return SelfTestResult(False, f"read failed / 读卡失败: {getattr(event, 'reason', event)}")
            ident = event.identity
            valid = ident.valid_to.isoformat() if ident.valid_to else ("长期" if ident.valid_long_term else "-")
            text = (
                f"{mask_name(ident.name)}  {mask_id_number(ident.id_number)}\n"
                f"{ident.document_type.value}  {ident.nation or '-'}  valid to {valid}  "
                f"photo {'yes' if ident.photo_image or ident.photo else 'no'}"
            )
            return SelfTestResult(True, text)
        finally:
            self._forget_test_identity()  # wipes the identity in place: read it above first

    def _forget_test_identity(self) -> None:
        """A technician's test card must not stay in the session."""
        session = self.services.session
        if session.draft.identity is not None:
            session.draft.wipe()

    def capture_face(self, timeout_s: float = 15.0) -> SelfTestResult:
        """Capture a face photo through the quality gates and return it as JPEG."""
        from devices.camera.face_capture import capture_face

        self.audit("self-test: capture face")
        try:
            result = capture_face(self._device("camera"), timeout_s=timeout_s, best_of_s=0.2)
        except LookupError as exc:
            return SelfTestResult(False, str(exc))
        if result.status != "accepted" or not result.jpeg:
            hint = getattr(result.hint, "reason", "") if result.hint else ""
            return SelfTestResult(False, f"face capture: {result.status} {hint}".strip())
        return SelfTestResult(
            True, f"face captured / 人脸采集成功 ({len(result.jpeg) // 1024} KiB)", result.jpeg, "jpg"
        )

    def capture_page(self, timeout_s: float = 15.0) -> SelfTestResult:
        """Find, flatten and clean a page under the camera and return it as JPEG."""
        import cv2

        from devices.camera.document_capture import capture_page

        self.audit("self-test: capture page")
        try:
            result = capture_page(self._device("camera"), timeout_s=timeout_s, steady_s=0.2)
        except LookupError as exc:
            return SelfTestResult(False, str(exc))
        if result.status != "accepted" or result.page is None:
            return SelfTestResult(False, f"page capture: {result.status}")
        ok, jpeg = cv2.imencode(".jpg", result.page, [cv2.IMWRITE_JPEG_QUALITY, 80])
        if not ok:
            return SelfTestResult(False, "page could not be encoded")
        h, w = result.page.shape[:2]
        return SelfTestResult(True, f"page captured / 文档采集成功 {w}x{h}", jpeg.tobytes(), "jpg")

    def print_test_page(self) -> SelfTestResult:
        """Print the test page and render its preview."""
        from devices.printer.fonts import find_cjk_font
        from devices.printer.layout import render_job
        from devices.printer.preview import render_preview
        from kiosk.receipts import test_page_blocks

        self.audit("self-test: print test page")
        try:
            printer = self._device("printer")
        except LookupError as exc:
            return SelfTestResult(False, str(exc))
        data = render_job(test_page_blocks(self.settings.kiosk.hall_name, printer.profile), printer.profile)
        try:
            result = printer.print_job(f"test-page:{uuid.uuid4()}", data)
            printed = result.printed
            message = _print_message(result, "test page printed / 测试页已打印")
        except Exception as exc:  # noqa: BLE001 - a printer error is the test's answer, not a crash
            printed, message = False, f"printer error / 打印机故障: {exc}"
        font = self.settings.ui.font_path
        preview = render_preview(data, printer.profile, str(font) if font else find_cjk_font())
        return SelfTestResult(printed, message, preview.png_bytes(), "png")

    # --- receipts ------------------------------------------------------------------------------
    def reprint_last_receipt(self) -> SelfTestResult:
        """Print the last receipt again (``services.last_receipt`` = (Receipt, application id)); logged."""
        from kiosk.receipts import reprint_receipt

        last = self.services.last_receipt
        if last is None:
            return SelfTestResult(False, "no receipt printed since start-up / 开机后尚未打印回执")
        self.audit("reprint last receipt")
        try:
            result = reprint_receipt(self._device("printer"), last[0], last[1], reason="admin screen")
        except Exception as exc:  # noqa: BLE001
            return SelfTestResult(False, f"printer error / 打印机故障: {exc}")
        return SelfTestResult(result.printed, _print_message(result, "receipt printed again / 回执已补打"))

    # --- outbox --------------------------------------------------------------------------------
    def _outbox(self) -> Any:
        sync = getattr(self.services, "sync", None)
        if sync is None:
            raise LookupError("the outbox is not running / 待发队列未启动")
        return sync.outbox

    def outbox_lines(self, limit: int = 50) -> list[str]:
        """Pending, sending and failed items (newest first) with the reason of the last failure."""
        outbox = self._outbox()
        depth = outbox.depth()
        lines = [f"pending 待发 {depth.pending} · sending 发送中 {depth.sending} · failed 失败 {depth.failed}"]
        for state in ("failed", "sending", "pending"):
            for e in outbox.list(state, limit):
                when = time.strftime("%m-%d %H:%M", time.localtime(e.created_at))
                lines.append(
                    f"[{e.state}] {e.local_ref} {e.item_code} {when} tries {e.attempts}"
                    + (f" — {e.last_error}" if e.last_error else "")
                )
        return lines

    def retry_failed(self) -> int:
        """Put every failed item back in the queue; returns how many."""
        count = self._outbox().retry_failed()
        self.audit(f"outbox: retry {count} failed item(s)")
        return count

    def export_failed(self, directory: Path | None = None) -> Path:
        """Write the failed items (no personal data: references, item, times, reasons) to a CSV file."""
        outbox = self._outbox()
        target = Path(
            directory
            or getattr(self.settings.admin, "export_dir", None)
            or Path(self.settings.kiosk.data_dir) / "exports"
        )
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"failed-{self.settings.kiosk.id}-{time.strftime('%Y%m%d-%H%M%S')}.csv"
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["local_ref", "item_code", "created_at", "attempts", "last_error", "history"])
            for e in outbox.list("failed"):
                history = " | ".join(
                    f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(a.at))} {a.outcome} "
                    f"{a.http_status or '-'} {a.code} {a.detail}".strip()
                    for a in outbox.attempts(e.id)
                )
                writer.writerow(
                    [
                        e.local_ref,
                        e.item_code,
                        time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e.created_at)),
                        e.attempts,
                        e.last_error,
                        history,
                    ]
                )
        self.audit(f"outbox: export failed items to {path}")
        return path

    # --- platform, logs, config -------------------------------------------------------------------
    def run_doctor(self) -> list[CheckLine]:
        """The ``kiosk doctor`` checks: CA bundle, platform reachable, signature, clock skew, outbox."""
        from kiosk import __version__
        from kiosk.sync.doctor import run_checks

        self.audit("network and platform check")
        try:
            return [CheckLine(c.name, c.status, c.detail) for c in run_checks(self.settings, __version__)]
        except Exception as exc:  # noqa: BLE001 - show why the check could not run
            return [CheckLine("doctor", "fail", f"check could not run: {exc}")]

    def log_lines(self, count: int = 80) -> list[str]:
        """The last ``count`` log lines (masked), newest last: from the log file when there is one."""
        path = Path(self.settings.kiosk.data_dir) / "logs" / "kiosk.log"
        if self.settings.logging.to_file and path.exists():
            with open(path, encoding="utf-8", errors="replace") as fh:
                return [line.rstrip("\n") for line in collections.deque(fh, maxlen=count)]
        return list(self.recent_logs.lines)[-count:]

    def config_lines(self) -> list[str]:
        """Every setting as ``section.key = value``; PINs, secrets and keys shown as ``***``."""
        out: list[str] = []

        def walk(prefix: str, value: Any) -> None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    walk(f"{prefix}.{key}" if prefix else key, inner)
                return
            leaf = prefix.rsplit(".", 1)[-1]
            hidden = any(word in leaf for word in SECRET_KEYS) and value not in (None, "")
            out.append(f"{prefix} = " + ("***" if hidden else repr(value)))

        walk("", self.settings.model_dump(mode="json"))
        return out

    # --- leaving -------------------------------------------------------------------------------
    def request_restart(self) -> int:
        """Mark the run for a restart (exit status 75 → systemd starts it again); returns that status."""
        self.audit("restart the app")
        self.services.exit_code = RESTART_EXIT_CODE
        return RESTART_EXIT_CODE

    def request_exit(self) -> int:
        """Mark the run as a deliberate exit to the desktop (status 0: systemd leaves it stopped); in full
        screen mode the screen saver and the X server's keys come back for the technician."""
        self.audit("exit to desktop")
        self.services.exit_code = 0
        if self.settings.ui.fullscreen:
            from kiosk.lockdown import restore_desktop

            restore_desktop()
        return 0

    def heartbeat_line(self) -> str:
        """How the heartbeat is doing (``services.health``, a :class:`kiosk.health.HealthReporter`)."""
        health = getattr(self.services, "health", None)
        if health is None:
            return "heartbeat: not running / 心跳未启动"
        state = f"not delivered: {health.last_problem}" if health.last_problem else "ok"
        return f"heartbeat 心跳: {state} · sent {health.sent} · queued {len(health.queue)}"


def _print_message(result: Any, printed: str) -> str:
    """What a technician reads after a print: done, or why not (with the printer's reason)."""
    if result.printed:
        return printed + (f" ({result.warning})" if result.warning else "")
    reason = result.status.reason or "printer not available"
    return f"not printed / 未打印: {reason}"


_INSTANCES: weakref.WeakKeyDictionary[Any, AdminServices] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def admin_services_for(services: Any) -> AdminServices:
    """The one :class:`AdminServices` of ``services`` (made on first use)."""
    with _LOCK:
        found = _INSTANCES.get(services)
        if found is None:
            found = _INSTANCES[services] = AdminServices(services)
        return found

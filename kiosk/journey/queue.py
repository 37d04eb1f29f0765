"""Queue ticket (取号) for the screens: choose a window service, get a number from the platform, print it.

The platform call and printing are the catalog part's (:meth:`kiosk.journey.finding.Finding.request_ticket`,
answered by :class:`~kiosk.journey.finding.TicketIssued` / :class:`~kiosk.journey.finding.TicketFailed`).
When the platform cannot be reached this part issues a number from a **local fallback sequence** (``L001``,
``L002``… per day, kept in ``<data_dir>/queue-local.json`` so a restart never repeats one), prints it marked
as a local number and publishes :class:`LocalTicketIssued`; the screen marks it too.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.journey.finding import TicketFailed, TicketIssued
from kiosk.session import Step

if TYPE_CHECKING:
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices

log = logging.getLogger(__name__)

LOCAL_PREFIX = "L"
"""Local fallback numbers start with this letter (platform numbers never do)."""
LOCAL_MARK_ZH = "离线临时号：网络中断时由本机发放，请到服务台确认后等候叫号"
LOCAL_MARK_EN = "OFFLINE LOCAL NUMBER - please confirm it at the service desk"


@dataclass(frozen=True, slots=True)
class ServiceChoice:
    """A line of the service list: an item and the window area that handles it."""

    code: str
    name: str
    name_en: str
    window: str
    window_only: bool
    """True when the item cannot be applied for at the kiosk at all."""


@dataclass(frozen=True, slots=True)
class LocalTicketIssued:
    """The platform was unreachable: a number from the kiosk's own sequence (``printed`` on paper)."""

    number: str
    window: str
    printed: bool


class LocalSequence:
    """Per-day counter for fallback numbers, persisted as a small JSON file (no personal data)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def next(self, day: str) -> int:
        """The next number for ``day`` (``YYYYMMDD``), starting at 1 each day."""
        with self._lock:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            seq = int(data.get("seq", 0)) + 1 if data.get("day") == day else 1
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"day": day, "seq": seq}), encoding="utf-8")
            os.replace(tmp, self.path)
            return seq


class Queue:
    """What the queue screen asks: the services, taking a number, and the ticket shown."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self.sequence = LocalSequence(Path(services.settings.kiosk.data_dir) / "queue-local.json")
        self.ticket: TicketIssued | LocalTicketIssued | None = None
        self.busy = False
        self._pending = ""
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        bus = services.bus
        self._off = [bus.subscribe(TicketIssued, self._on_issued), bus.subscribe(TicketFailed, self._on_failed)]

    @property
    def active(self) -> bool:
        """True while the session is at the queue step."""
        return self.services.session.step is Step.QUEUE

    # --- the services -------------------------------------------------------------------------
    def choices(self) -> list[ServiceChoice]:
        """Items that need a window first, then every other item, most requested first."""
        items = sorted(self.services.catalog().items, key=lambda i: (i.kiosk, -i.popularity))
        return [ServiceChoice(i.code, i.name, i.name_en or i.name, i.place.window or "", not i.kiosk) for i in items]

    def page(self, number: int, per_page: int) -> tuple[list[ServiceChoice], int]:
        """Page ``number`` (from 0) of :meth:`choices` and the page count."""
        every = self.choices()
        pages = max(1, -(-len(every) // per_page))
        number = min(max(0, number), pages - 1)
        return every[number * per_page : (number + 1) * per_page], pages

    # --- taking a number ----------------------------------------------------------------------
    def take(self, code: str) -> bool:
        """Ask the platform for a number for ``code`` (printed when possible); False while one is coming."""
        with self._lock:
            if self.busy:
                return False
            self.busy = True
            self._pending = code
            self.ticket = None
        finding = self.services.journey.finding
        try:
            finding.choose(code)
        except KeyError:
            with self._lock:
                self.busy = False
                self._pending = ""
            raise
        self._threads = [t for t in self._threads if t.is_alive()] + [finding.request_ticket()]
        return True

    def _on_issued(self, event: TicketIssued) -> None:
        with self._lock:
            if not self._pending:
                return
            self._pending = ""
            self.busy = False
            self.ticket = event

    def _on_failed(self, _event: TicketFailed) -> None:
        with self._lock:
            code, self._pending = self._pending, ""
        if not code or not self.active:
            with self._lock:
                self.busy = False
            return
        self.services.bus.publish(self.issue_local(code))

    def issue_local(self, code: str) -> LocalTicketIssued:
        """A number from the local sequence for ``code``, printed with the offline mark (blocking)."""
        now = datetime.fromtimestamp(self.services.clock.wall())
        number = f"{LOCAL_PREFIX}{self.sequence.next(now.strftime('%Y%m%d')):03d}"
        item = self.services.catalog().get(code)
        window = (getattr(getattr(item, "place", None), "window", "") or "") if item is not None else ""
        printed = self._print_local(number, code, window, now)
        ticket = LocalTicketIssued(number, window, printed)
        with self._lock:
            self.ticket = ticket
            self.busy = False
        log.info("local fallback queue number issued", extra={"event": "queue_local", "number": number})
        return ticket

    def _print_local(self, number: str, code: str, window: str, now: datetime) -> bool:
        printer = self.services.printer()
        if printer is None:
            return False
        try:
            from devices.printer.document import Field, Text
            from devices.printer.layout import render_job
            from kiosk.receipts import QueueTicket, ticket_blocks

            english = self.services.english()
            catalog = self.services.catalog()
            item = catalog.get(code)
            service = item.name if item is not None else code
            ticket = QueueTicket(
                hall_name=self.services.settings.kiosk.hall_name,
                number=number,
                service=service,
                window_area=window or "服务台",
                waiting=0,
                issued_at=now,
                footer=LOCAL_MARK_ZH,
                english=english,
                service_en=getattr(item, "name_en", "") if english else "",
                window_area_en=(catalog.window_name(window, "en") or "Service desk") if english else "",
            )
            waiting = "以叫号屏为准" + (" (see the calling screen)" if english else "")
            blocks = [
                Field(b.label, waiting) if isinstance(b, Field) and b.label.startswith("前面等候") else b
                for b in ticket_blocks(ticket)
            ]
            blocks[3:3] = [
                Text("离线临时号 LOCAL", align="center", bold=True, size=2),
                Text(LOCAL_MARK_EN, align="center"),
            ]
            data = render_job(blocks, printer.profile)
            result = printer.print_job(f"ticket:{number}:{now.isoformat(timespec='seconds')}", data)
        except Exception as exc:  # noqa: BLE001 - the number is on the screen anyway
            log.warning("local queue ticket not printed: %s", exc)
            return False
        return bool(result.printed)

    def waiting_text(self) -> str:
        """People waiting before the ticket, or empty for a local number (the platform's count is unknown)."""
        ticket = self.ticket
        return str(ticket.waiting) if isinstance(ticket, TicketIssued) else ""

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait for the ticket threads (tests); True when all finished."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    def reset(self) -> None:
        """The session ended: forget the ticket shown."""
        with self._lock:
            self.ticket = None
            self._pending = ""
            self.busy = False

    def close(self) -> None:
        """Stop listening to the bus."""
        for off in self._off:
            off()

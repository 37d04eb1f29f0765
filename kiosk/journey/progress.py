"""Progress query (查询进度) for the screens: by the receipt's QR code on the camera, by a typed case number,
or by the placed ID card (all the holder's cases); answers a timeline with dates and what to do next.

Platform calls and code reading run on worker threads; outcomes arrive on the event bus as
:class:`ProgressFound`, :class:`ProgressFailed` and :class:`CodeScanned`. The QR text is the receipt's
(:func:`kiosk.receipts.parse_progress_qr`), so a printed receipt and this query always agree.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from devices.base import CardRead
from devices.camera.events import CodeRead
from kiosk.receipts import REFERENCE_RE, parse_progress_qr
from kiosk.session import Step
from kiosk.sync.responses import CaseStatus, parse_case_status

if TYPE_CHECKING:
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices
    from kiosk.sync.client import PlatformClient

log = logging.getLogger(__name__)

STEPS = ("received", "accepted", "in_review", "approved", "delivered")
"""The usual path of a case; a rejected case ends at ``rejected`` after the review."""
FINAL = frozenset({"rejected", "delivered"})


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One line of the timeline: a status, when it was reached (empty: not yet) and whether it is now."""

    status: str
    at: str
    done: bool
    current: bool


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case as the timeline screen shows it (non-personal: number, item, status, dates)."""

    case_no: str
    item_code: str
    item_name: str
    item_name_en: str
    status: str
    promised_date: str
    steps: tuple[TimelineStep, ...]
    next_action: str
    """Locale key suffix of what the citizen must do next (``progress.next_<status>``)."""


@dataclass(frozen=True, slots=True)
class ProgressFound:
    """The query answered: one case (by number or QR) or all the holder's cases (by card)."""

    cases: tuple[CaseView, ...]
    by: str
    """``number``, ``qr`` or ``card``."""


@dataclass(frozen=True, slots=True)
class ProgressFailed:
    """No answer: ``reason`` is ``not_found``, ``invalid``, ``offline`` or ``no_cases`` (locale key suffix)."""

    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class CodeScanned:
    """A progress QR code was read from the camera; the case number is being queried."""

    case_no: str


def cases_of_holder(client: PlatformClient, id_number: str) -> list[CaseStatus]:
    """``GET /api/v1/cases?holder=…``: the holder's cases with their timelines (newest first)."""
    answer = client.call("GET", "/api/v1/cases", query={"holder": id_number}).json()
    cases = answer.get("cases") if isinstance(answer, dict) else None
    if not isinstance(cases, list):
        from kiosk.sync.errors import MalformedResponse

        raise MalformedResponse("cases answer lacks a 'cases' list")
    return [parse_case_status(c) for c in cases]


def case_of(client: PlatformClient, case_no: str) -> CaseStatus:
    """``GET /api/v1/cases/{case_no}`` (the same call as ``PlatformClient.case``)."""
    return parse_case_status(client.call("GET", f"/api/v1/cases/{quote(case_no, safe='')}").json())


def paper_picture(printer: Any, job: bytes) -> Any:  # noqa: ANN401 - a BGR numpy array
    """A printed job as a camera would see the paper (BGR pixels of the printer preview), for rehearsals
    and walk-throughs that hold a receipt up to the simulated camera."""
    import numpy as np

    from devices.printer.preview import render_preview

    image = render_preview(job, printer.profile).image.convert("RGB")
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def normalise_case_no(text: str) -> str | None:
    """A typed or scanned case number cleaned up (spaces dropped, upper case), None when not one."""
    parsed = parse_progress_qr(text)
    if parsed is not None:
        return parsed
    cleaned = "".join(text.split()).upper()
    return cleaned if REFERENCE_RE.match(cleaned) else None


class Progress:
    """What the progress screen asks: query by number, by card, or by watching the camera for a QR code."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self.cases: tuple[CaseView, ...] = ()
        self.busy = False
        self._lock = threading.Lock()
        self._generation = 0
        self._watcher: Any = None
        self._threads: list[threading.Thread] = []
        bus = services.bus
        self._off = [bus.subscribe(CodeRead, self._on_code), bus.subscribe(CardRead, self._on_card)]

    @property
    def active(self) -> bool:
        """True while the session is at the progress step."""
        return self.services.session.step is Step.PROGRESS

    # --- the three ways in --------------------------------------------------------------------
    def query_number(self, text: str, by: str = "number") -> bool:
        """Query a typed case number (or a QR text); False (and :class:`ProgressFailed`) when malformed."""
        case_no = normalise_case_no(text)
        if case_no is None:
            self.services.bus.publish(ProgressFailed("invalid", by))
            return False
        self._spawn(self._by_number, case_no, by)
        return True

    def query_holder(self, id_number: str) -> None:
        """Query every case of the ID card's holder (the number is used for the call only, never kept)."""
        self._spawn(self._by_holder, id_number)

    def start_scanning(self) -> bool:
        """Watch the camera for a receipt's QR code on a worker thread; False without a camera."""
        camera = self.services.camera()
        if camera is None:
            return False
        from devices.camera.qr import CodeWatcher

        with self._lock:
            if self._watcher is None:
                self._watcher = CodeWatcher(camera, repeat_s=3.0)
            watcher = self._watcher
        watcher.start()
        return True

    def stop_scanning(self) -> None:
        """Stop watching the camera."""
        with self._lock:
            watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def preview_frame(self) -> Any | None:
        """The camera's newest frame (BGR numpy array) for the live view, or None."""
        camera = self.services.camera()
        try:
            return camera.latest_frame() if camera is not None else None
        except Exception:  # noqa: BLE001 - no preview rather than a broken screen
            return None

    # --- events (device threads) --------------------------------------------------------------
    def _on_code(self, event: CodeRead) -> None:
        if not self.active or self._watcher is None:
            return
        case_no = parse_progress_qr(event.text)
        if case_no is None:
            log.info("a code that is not a progress QR was shown (%s)", event.symbology)
            return
        self.services.bus.publish(CodeScanned(case_no))
        self._spawn(self._by_number, case_no, "qr")

    def _on_card(self, event: CardRead) -> None:
        if self.active:
            self.query_holder(event.identity.id_number)

    # --- workers ------------------------------------------------------------------------------
    def _spawn(self, target: Any, *args: Any) -> threading.Thread:
        with self._lock:
            self._generation += 1
            self.busy = True
            generation = self._generation
        thread = threading.Thread(target=target, args=(generation, *args), name="progress-query", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def _client(self) -> PlatformClient:
        from kiosk.sync.errors import PlatformUnreachable

        sync = self.services.sync
        if sync is None:
            raise PlatformUnreachable("no platform link")
        return sync.client

    def _by_number(self, generation: int, case_no: str, by: str) -> None:
        from kiosk.sync.errors import PlatformNotFound

        try:
            found = [case_of(self._client(), case_no)]
        except PlatformNotFound:
            self._finish(generation, ProgressFailed("not_found", by))
            return
        except Exception as exc:  # noqa: BLE001 - every other failure: try again later or at the window
            log.info("progress query failed: %s", type(exc).__name__)
            self._finish(generation, ProgressFailed("offline", by))
            return
        self._finish(generation, ProgressFound(tuple(self.view(c) for c in found), by))

    def _by_holder(self, generation: int, id_number: str) -> None:
        try:
            found = cases_of_holder(self._client(), id_number)
        except Exception as exc:  # noqa: BLE001
            log.info("holder's cases not fetched: %s", type(exc).__name__)
            self._finish(generation, ProgressFailed("offline", "card"))
            return
        if not found:
            self._finish(generation, ProgressFailed("no_cases", "card"))
            return
        self._finish(generation, ProgressFound(tuple(self.view(c) for c in found), "card"))

    def _finish(self, generation: int, event: ProgressFound | ProgressFailed) -> None:
        with self._lock:
            if generation != self._generation:
                return  # a newer query (or the session end) replaced this one
            self.busy = False
            self.cases = event.cases if isinstance(event, ProgressFound) else ()
        self.services.bus.publish(event)

    # --- the timeline -------------------------------------------------------------------------
    def view(self, case: CaseStatus) -> CaseView:
        """The case as a timeline: every step of the usual path with its date, the current one marked."""
        reached = {e.status: e.at for e in case.timeline}
        path = list(STEPS)
        if "rejected" in reached or case.status == "rejected":
            path = [s for s in STEPS if s not in ("approved", "delivered")] + ["rejected"]
        steps = tuple(
            TimelineStep(s, self._date(reached[s]) if s in reached else "", s in reached, s == case.status)
            for s in path
        )
        item = None
        runtime = self.services.catalog_runtime
        if runtime is not None:
            item = runtime.current.get(case.item_code)
        name = item.name if item is not None else case.item_code
        name_en = (item.name_en or item.name) if item is not None else case.item_code
        return CaseView(
            case.case_no,
            case.item_code,
            name,
            name_en,
            case.status,
            case.promised_date,
            steps,
            case.status if case.status in (*STEPS, "rejected") else "received",
        )

    def _date(self, at: float) -> str:
        return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M")

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait for the query threads (tests); True when all finished."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    def reset(self) -> None:
        """The session ended: stop the camera watch, drop late answers and the cases shown."""
        self.stop_scanning()
        with self._lock:
            self._generation += 1
            self.busy = False
            self.cases = ()

    def close(self) -> None:
        """Stop listening to the bus."""
        self.reset()
        for off in self._off:
            off()

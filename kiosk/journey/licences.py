"""Electronic licences (电子证照) for the screens: after identification, the holder's licences from the
platform; print a licence's summary or show its QR code on screen.

The list is the one identification fetched (``session.draft.licences``) or, when that
did not arrive, fetched again here. Platform calls and printing run on worker threads and report
:class:`LicencesListed` and :class:`LicencePrinted` on the event bus. Numbers that are ID numbers are
masked on screen and paper; the QR code carries only the licence's platform reference.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.privacy import mask_id_number, mask_name

if TYPE_CHECKING:
    from devices.printer.document import Block
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices
    from kiosk.sync.responses import Licence

log = logging.getLogger(__name__)

QR_PREFIX = "KIOSKL1:"
"""A licence QR code: version tag and the licence's platform reference (verifiable by staff)."""
ID_NUMBER_TYPES = frozenset({"resident_id", "social_security_card"})


@dataclass(frozen=True, slots=True)
class LicenceView:
    """A licence as the list shows it: name, masked number, issuer and validity."""

    ref: str
    type: str
    name: str
    number: str
    issuer: str
    valid_from: str
    valid_to: str


@dataclass(frozen=True, slots=True)
class LicencesListed:
    """The holder's licences are known (``ok``) or could not be fetched."""

    ok: bool
    count: int = 0


@dataclass(frozen=True, slots=True)
class LicencePrinted:
    """A licence summary came out of the printer (``printed``) or did not (``reason`` is safe to show)."""

    ref: str
    printed: bool
    reason: str = ""


def licence_qr_payload(ref: str) -> str:
    """The on-screen QR text of a licence (``KIOSKL1:<ref>``)."""
    if not ref or len(ref) > 200:
        raise ValueError("a licence reference is 1-200 characters")
    return QR_PREFIX + ref


def view_of(licence: Licence) -> LicenceView:
    """The screen's view of a :class:`kiosk.sync.responses.Licence` (ID numbers masked)."""
    number = licence.number
    if licence.type in ID_NUMBER_TYPES or len(number) == 18:
        number = mask_id_number(number)
    return LicenceView(
        licence.ref, licence.type, licence.name, number, licence.issuer, licence.valid_from, licence.valid_to
    )


class Licences:
    """What the licences screen asks: the list, one licence's QR code, printing its summary."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self.busy = False
        self._copies = 0
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    # --- the list -----------------------------------------------------------------------------
    def held(self) -> list[Licence] | None:
        """The holder's licences as fetched (None: not fetched, or no one identified)."""
        if self.services.session.draft.identity is None:
            return None
        return self.services.session.draft.licences

    def views(self) -> list[LicenceView]:
        """The licences for the list."""
        return [view_of(lic) for lic in self.held() or []]

    def today(self) -> str:
        """Today's date as ``YYYY-MM-DD`` (to mark licences past their validity)."""
        return datetime.fromtimestamp(self.services.clock.wall()).date().isoformat()

    def find(self, ref: str) -> Licence | None:
        """The licence with platform reference ``ref``."""
        return next((lic for lic in self.held() or [] if lic.ref == ref), None)

    def load(self) -> threading.Thread | None:
        """Make sure the list is there: answer at once when known, else fetch on a worker thread."""
        held = self.held()
        if held is not None:
            self.services.bus.publish(LicencesListed(True, len(held)))
            return None
        return self._spawn(self._fetch, "licences-fetch")

    def _fetch(self) -> None:
        identity = self.services.session.draft.identity
        sync = self.services.sync
        if identity is None or sync is None:
            self._publish(LicencesListed(False))
            return
        number = identity.id_number
        try:
            licences = sync.client.licences(number)
        except Exception as exc:  # noqa: BLE001 - the screen offers to try again or ask at the window
            log.info("licences not fetched: %s", type(exc).__name__)
            self._publish(LicencesListed(False))
            return
        current = self.services.session.draft.identity
        if current is None or current.id_number != number:
            return
        self.services.session.draft.licences = licences
        self._publish(LicencesListed(True, len(licences)))

    # --- one licence --------------------------------------------------------------------------
    def qr_png(self, ref: str) -> bytes:
        """The licence's QR code as PNG bytes for the screen (memory only)."""
        import qrcode

        buffer = io.BytesIO()
        qrcode.make(licence_qr_payload(ref), border=2).save(buffer)
        return buffer.getvalue()

    def print_summary(self, ref: str) -> bool:
        """Print the licence's summary on a worker thread (:class:`LicencePrinted`); False when busy/unknown."""
        licence = self.find(ref)
        with self._lock:
            if self.busy or licence is None:
                return False
            self.busy = True
        self._spawn(self._print, "licence-print", licence)
        return True

    def summary_blocks(self, licence: Licence) -> list[Block]:
        """What is printed: the licence's facts, the holder masked, its QR code and a note."""
        from devices.printer.document import Feed, Field, QrCode, Rule, Text
        from kiosk.catalog import CHINESE_ONLY_NAME
        from kiosk.receipts import english_line, label

        identity = self.services.session.draft.identity
        view = view_of(licence)
        now = datetime.fromtimestamp(self.services.clock.wall()).strftime("%Y-%m-%d %H:%M")
        en = self.services.english()
        catalog = self.services.catalog()
        name_en = catalog.document.licence_types_en.get(view.type, "") if en else ""
        issuer_en = catalog.authority_name(view.issuer, "en") if en else ""
        valid_en = f"{view.valid_from} to {view.valid_to or 'no end date'}"
        return [
            Text(self.services.settings.kiosk.hall_name, align="center", bold=True),
            Text("电子证照摘要 Licence summary", align="center", bold=True, size=2),
            Rule("="),
            Field(label("证照名称", en), view.name),
            *english_line(name_en, en),
            Field(label("证照编号", en), view.number),
            Field(label("持证人", en), mask_name(identity.name) if identity is not None else ""),
            Field(label("发证机关", en), view.issuer),
            *english_line("" if issuer_en == CHINESE_ONLY_NAME else issuer_en, en),
            Field(label("有效期", en), f"{view.valid_from} 至 {view.valid_to or '长期'}"),
            *english_line(valid_en, en),
            Field(label("打印时间", en), now),
            Feed(1),
            QrCode(licence_qr_payload(view.ref)),
            Text("扫码核验 Scan to verify", align="center"),
            Rule(),
            Text("本摘要仅供查验参考，证照信息以电子证照库为准。", align="center"),
            *(
                [Text("For reference only; the electronic licence library is authoritative.", align="center")]
                if en
                else []
            ),
        ]

    def _print(self, licence: Licence) -> None:
        try:
            printer = self.services.printer()
            if printer is None:
                self._publish(LicencePrinted(licence.ref, False, "no_printer"))
                return
            from devices.printer.layout import render_job

            data = render_job(self.summary_blocks(licence), printer.profile)
            self._copies += 1
            result = printer.print_job(f"licence:{self.state.visit_id}:{licence.ref}:{self._copies}", data)
            self._publish(LicencePrinted(licence.ref, result.printed, "" if result.printed else "printer"))
        except Exception as exc:  # noqa: BLE001 - the citizen gets an answer whatever the printer does
            log.warning("licence summary not printed: %s", type(exc).__name__)
            self._publish(LicencePrinted(licence.ref, False, "printer"))
        finally:
            with self._lock:
                self.busy = False

    # --- plumbing -----------------------------------------------------------------------------
    def _spawn(self, target: Any, name: str, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def _publish(self, event: object) -> None:
        self.services.bus.publish(event)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait for the worker threads (tests); True when all finished."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    def reset(self) -> None:
        """The session ended (the list lives in the session's personal data and is wiped with it)."""
        with self._lock:
            self.busy = False

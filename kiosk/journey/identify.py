"""Identification for the screens: ID card (or social security card, or typed), then face verification.

One small state machine (:class:`IdentifyPhase`) the identify screen mirrors. Card reads arrive from the
reader's thread as device events; face capture and the platform calls run on a worker thread. Every
change is published as :class:`IdentifyChanged` (and each camera hint as :class:`FaceHint`) on the
event bus, so the screen only follows events. Every failure has a way forward: retry, another document,
typing, or help; an unreachable platform lets the citizen continue (the platform checks the photo when
the application arrives).

After identification the holder's electronic licences are fetched into
``session.draft.licences`` (a list of :class:`kiosk.sync.responses.Licence`); when the
platform cannot be reached the list is simply absent.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from devices import idnumber
from devices.base import CardError, CardRead, CardRemoved
from devices.identity import DocumentType, Identity
from kiosk.forms import FieldSpec, validate_form
from kiosk.privacy import mask_id_number, mask_name
from kiosk.session import Step

if TYPE_CHECKING:
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices

log = logging.getLogger(__name__)


MAX_FACE_ATTEMPTS = 3
"""Face verification tries before the screen only offers help (staff verify at the window)."""

TYPED_FIELDS = (
    FieldSpec(name="name", kind="name", label="姓名", label_en="Name", max_length=30),
    FieldSpec(name="id_number", kind="id_number", label="身份证号码", label_en="ID number"),
)
"""What the typed fallback asks, validated like any form (bilingual messages)."""


class IdentifyPhase(StrEnum):
    """Where identification stands; the screen shows one state per phase."""

    WAITING_CARD = "waiting_card"
    WAITING_SSCARD = "waiting_sscard"
    PIN = "pin"
    READER_FAULT = "reader_fault"
    EXPIRED = "expired"
    TYPING = "typing"
    FACE = "face"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    OFFLINE = "offline"
    CAMERA_FAULT = "camera_fault"


CONTINUABLE = frozenset({IdentifyPhase.VERIFIED, IdentifyPhase.OFFLINE})
"""Phases from which the journey may go on."""


@dataclass(frozen=True, slots=True)
class IdentifyChanged:
    """Identification moved to ``phase``; ``detail`` is a non-personal reason (reader's words, error)."""

    phase: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FaceHint:
    """Why the camera does not accept the picture yet (``code`` from ``devices.camera.hints``)."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class LicencesFetched:
    """The holder's electronic licences arrived (``count``) or could not be fetched (``ok`` False)."""

    ok: bool
    count: int = 0


class Identification:
    """Card, social security card, typed fallback, face capture and verification, licences."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self.phase = IdentifyPhase.WAITING_CARD
        self.detail = ""
        self.hint: FaceHint | None = None
        self.face_attempts = 0
        self._lock = threading.RLock()
        self._cancel = threading.Event()
        self._capturing = False
        self._generation = 0
        self._threads: list[threading.Thread] = []
        bus = services.bus
        self._unsubscribe = [
            bus.subscribe(CardRead, self._on_card_read),
            bus.subscribe(CardError, self._on_card_error),
            bus.subscribe(CardRemoved, self._on_card_removed),
        ]
        from devices.camera.events import CaptureHint

        self._unsubscribe.append(bus.subscribe(CaptureHint, self._on_capture_hint))

    # --- what the screen reads ----------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True while the session is at the identify step (card events elsewhere are not ours)."""
        return self.services.session.step is Step.IDENTIFY

    @property
    def can_continue(self) -> bool:
        """True when the journey may move on from identification."""
        return self.phase in CONTINUABLE and self.services.session.draft.identity is not None

    def who(self) -> str:
        """The identified person, masked for the screen (``张* 3704**********1230``), or empty."""
        identity = self.services.session.draft.identity
        if identity is None:
            return ""
        return f"{mask_name(identity.name)}  {mask_id_number(identity.id_number)}"

    def preview_frame(self) -> Any | None:
        """The camera's latest frame (BGR numpy array) for the live preview, or ``None``."""
        camera = self.services.camera()
        if camera is None:
            return None
        try:
            return camera.latest_frame()
        except Exception:  # noqa: BLE001 - no preview is better than a broken screen
            return None

    def _today(self) -> date:
        return datetime.fromtimestamp(self.services.clock.wall()).date()

    def _set(self, phase: IdentifyPhase, detail: str = "") -> None:
        with self._lock:
            self.phase = phase
            self.detail = detail
            if phase is not IdentifyPhase.FACE:
                self.hint = None
        self.services.bus.publish(IdentifyChanged(phase.value, detail))

    # --- starting over ------------------------------------------------------------------------
    def begin(self) -> None:
        """Start (again) at 'place your card' unless someone is already identified in this session."""
        if self.services.session.draft.identity is not None and self.phase in CONTINUABLE:
            self._set(self.phase, self.detail)
            return
        self._cancel_capture()
        self._set(IdentifyPhase.WAITING_CARD)

    def use_social_security_card(self) -> None:
        """The citizen chose the social security card: prompt to insert it into the reader."""
        self._drop_identity()
        self._set(IdentifyPhase.WAITING_SSCARD)

    def use_id_card(self) -> None:
        """Back to 'place your ID card' (after a fault, or from the other ways)."""
        self._drop_identity()
        self._cancel_capture()
        self._set(IdentifyPhase.WAITING_CARD)

    def start_typing(self) -> None:
        """The citizen chose to type the ID number and name."""
        self._drop_identity()
        self._set(IdentifyPhase.TYPING)

    def _drop_identity(self) -> None:
        data = self.services.session.draft
        if data.identity is not None:
            data.identity.wipe()
            data.identity = None
        data.face_photo = b""
        data.licences = None
        self.state.face_verified = None
        self.face_attempts = 0

    # --- card events (reader thread) ----------------------------------------------------------
    def _on_card_read(self, event: CardRead) -> None:
        if not self.active or self.phase in (IdentifyPhase.FACE, IdentifyPhase.VERIFYING):
            return
        identity = event.identity
        if identity.is_expired(self._today()):
            until = identity.valid_to.isoformat() if identity.valid_to else ""
            self._drop_identity()
            self._set(IdentifyPhase.EXPIRED, until)
            return
        if not identity.id_number_valid:
            self._drop_identity()
            self._set(IdentifyPhase.READER_FAULT, "ID number check digit does not match")
            return
        self.services.session.set_identity(identity)
        self._identified()

    def _on_card_error(self, event: CardError) -> None:
        if not self.active:
            return
        if event.kind == "pin_required":
            self._set(IdentifyPhase.PIN, event.reason)
        elif event.kind == "expired":
            self._drop_identity()
            self._set(IdentifyPhase.EXPIRED, event.reason)
        else:
            self._set(IdentifyPhase.READER_FAULT, event.reason)

    def _on_card_removed(self, _event: CardRemoved) -> None:
        if self.active and self.phase is IdentifyPhase.PIN:
            self._set(IdentifyPhase.WAITING_SSCARD)

    def submit_pin(self, pin: str) -> bool:
        """Send the social security card's PIN to the reader; the outcome arrives as a card event."""
        reader = self.services.id_reader()
        send = getattr(reader, "submit_pin", None)
        if send is None or not pin.isdigit():
            return False
        return bool(send(pin))

    # --- typed fallback -----------------------------------------------------------------------
    def submit_typed(self, name: str, id_number: str) -> dict[str, dict[str, str]]:
        """Check a typed name and ID number; ``{}`` means accepted, else ``{field: {lang: message}}``."""
        result = validate_form(TYPED_FIELDS, {"name": name, "id_number": id_number}, today=self._today())
        if not result.ok:
            return {e.field: e.message for e in result.errors}
        number = result.values["id_number"]
        identity = Identity(
            name=result.values["name"],
            id_number=number,
            document_type=DocumentType.TYPED,
            sex=idnumber.sex_of(number),
            birth_date=idnumber.birth_date_of(number),
        )
        self.services.session.set_identity(identity)
        self._identified()
        return {}

    # --- after the identity is known ----------------------------------------------------------
    def _identified(self) -> None:
        self.face_attempts = 0
        self.state.face_verified = None
        self._spawn(self._fetch_licences, "licences")
        self.start_face()

    def _spawn(self, target: Any, name: str, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name=f"identify-{name}", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def _fetch_licences(self) -> None:
        identity = self.services.session.draft.identity
        sync = self.services.sync
        if identity is None or sync is None:
            return
        number = identity.id_number
        try:
            licences = sync.client.licences(number)
        except Exception as exc:  # noqa: BLE001 - the citizen then supplies the materials themselves
            log.info("electronic licences not fetched: %s", type(exc).__name__)
            self.services.bus.publish(LicencesFetched(False))
            return
        current = self.services.session.draft.identity
        if current is None or current.id_number != number:
            return  # the session ended or someone else identified meanwhile
        self.services.session.draft.licences = licences
        self.services.bus.publish(LicencesFetched(True, len(licences)))

    def start_face(self) -> threading.Thread | None:
        """Capture a face on a worker thread (hints as events), then have the platform verify it."""
        if self.services.session.draft.identity is None:
            return None
        with self._lock:
            if self._capturing:
                return None
            self._capturing = True
            self._generation += 1
            self._cancel = threading.Event()
            generation, cancel = self._generation, self._cancel
        self.face_attempts += 1
        self._set(IdentifyPhase.FACE)
        return self._spawn(self._capture_and_verify, "face", generation, cancel)

    def _cancel_capture(self) -> None:
        with self._lock:
            self._cancel.set()
            self._generation += 1

    def _on_capture_hint(self, event: Any) -> None:
        if not self._capturing or event.purpose != "face":
            return
        hint = FaceHint(event.hint.code, event.hint.zh, event.hint.en)
        with self._lock:
            self.hint = hint
        self.services.bus.publish(hint)
        self.services.speak(f"identify.hint_{hint.code}")

    def _capture_and_verify(self, generation: int, cancel: threading.Event) -> None:
        try:
            self._capture_and_verify_once(generation, cancel)
        except Exception as exc:  # noqa: BLE001 - never leave the screen waiting forever
            log.exception("face capture failed")
            if generation == self._generation:
                self._set(IdentifyPhase.CAMERA_FAULT, type(exc).__name__)
        finally:
            with self._lock:
                self._capturing = False

    def _capture_and_verify_once(self, generation: int, cancel: threading.Event) -> None:
        from devices.camera.face_capture import capture_face

        camera = self.services.camera()
        if camera is None:
            self._set(IdentifyPhase.CAMERA_FAULT, "no camera configured")
            return
        result = capture_face(camera, cancel=cancel)
        if generation != self._generation or cancel.is_set():
            return
        if not result.accepted or result.jpeg is None:
            self._set(IdentifyPhase.CAMERA_FAULT, result.status)
            return
        identity = self.services.session.draft.identity
        if identity is None:
            return
        self.services.session.draft.face_photo = result.jpeg
        self._set(IdentifyPhase.VERIFYING)
        self._verify(result.jpeg, identity, generation)

    def _verify(self, jpeg: bytes, identity: Identity, generation: int) -> None:
        from kiosk.sync.errors import PlatformRejected, PlatformUnreachable

        sync = self.services.sync
        try:
            if sync is None:
                raise PlatformUnreachable("no platform link")
            answer = sync.client.verify_face(jpeg, identity.id_number, identity.name)
        except PlatformRejected as exc:
            log.info("face verification refused: %s", exc.code or exc.message)
            if generation == self._generation:
                self.state.face_verified = False
                self._set(IdentifyPhase.MISMATCH, exc.code or "rejected")
            return
        except Exception as exc:  # noqa: BLE001 - unreachable, busy, 5xx: continue, verified later
            log.info("face verification not possible now: %s", type(exc).__name__)
            if generation == self._generation:
                self.state.face_verified = None
                self._set(IdentifyPhase.OFFLINE, type(exc).__name__)
            return
        if generation != self._generation:
            return
        self.state.face_verified = bool(answer.match)
        self._set(IdentifyPhase.VERIFIED if answer.match else IdentifyPhase.MISMATCH, f"{answer.score:.2f}")

    def retry_face(self) -> threading.Thread | None:
        """Try the face again (after a mismatch or a camera problem), up to :data:`MAX_FACE_ATTEMPTS`."""
        if self.face_attempts >= MAX_FACE_ATTEMPTS:
            return None
        return self.start_face()

    @property
    def attempts_left(self) -> int:
        """Face attempts the citizen still has."""
        return max(0, MAX_FACE_ATTEMPTS - self.face_attempts)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait for the worker threads (tests, shutdown); True when all finished."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    # --- the end ------------------------------------------------------------------------------
    def reset(self) -> None:
        """The session ended: stop any capture and start the next citizen at 'place your card'."""
        self._cancel_capture()
        with self._lock:
            self.phase = IdentifyPhase.WAITING_CARD
            self.detail = ""
            self.hint = None
            self.face_attempts = 0

    def close(self) -> None:
        """Stop listening to the bus (when the services are torn down)."""
        self._cancel_capture()
        for unsubscribe in self._unsubscribe:
            unsubscribe()

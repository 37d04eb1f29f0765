"""Materials: the checklist from the plan, licences that stand in for paper, and pages from the camera.

Electronic licences (电子证照) of the applicant come from identification (``session.draft.licences``,
a list of :class:`~kiosk.sync.responses.Licence`) or are fetched here on a worker thread. Every other
material is photographed with the document camera: :meth:`Materials.start_capture` runs
:func:`~devices.camera.document_capture.capture_page` on a worker thread (auto-capture when the page
lies still) while a preview thread finds the page outline for the live view. Captured pages are JPEG
bytes in ``session.draft.materials[<material id>]`` (memory only). Results reach the screens as events
on the bus.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kiosk.catalog import MaterialNeed, material_name
from kiosk.catalog.situations import describe_material
from kiosk.sync.application import MaterialInput

if TYPE_CHECKING:
    from devices.camera.capture import CaptureCamera
    from kiosk.draft import ApplicationDraft
    from kiosk.journey.state import JourneyState
    from kiosk.services import KioskServices
    from kiosk.sync.responses import Licence

log = logging.getLogger(__name__)

JPEG_QUALITY = 85
PREVIEW_INTERVAL_S = 0.2


@dataclass(frozen=True, slots=True)
class LicencesLoaded:
    """The applicant's licences are known (``ok`` False: the platform could not be asked)."""

    count: int
    ok: bool = True


@dataclass(frozen=True, slots=True)
class PageAdded:
    """A page of ``material_id`` was captured; ``pages`` is how many it has now."""

    material_id: str
    pages: int


@dataclass(frozen=True, slots=True)
class CaptureEnded:
    """Page capture stopped: ``status`` accepted / timeout / camera_offline / cancelled / failed."""

    material_id: str
    status: str


@dataclass(frozen=True)
class MaterialStatus:
    """One line of the checklist: what it is and whether it is covered."""

    id: str
    name: str
    """The catalog's (Chinese) name: what the platform receives."""
    description: str
    """The checklist line in the session's language."""
    required: bool
    licence_name: str = ""
    """Name of the electronic licence that stands in for it ('' when none)."""
    licence_ref: str = ""
    pages: int = 0
    label: str = ""
    """The name in the session's language (what the screen shows)."""

    @property
    def satisfied(self) -> bool:
        """True when a licence covers it or at least one page was captured."""
        return bool(self.licence_ref) or self.pages > 0

    @property
    def missing(self) -> bool:
        """True when it is required and not covered yet."""
        return self.required and not self.satisfied


def encode_jpeg(page: np.ndarray, quality: int = JPEG_QUALITY) -> bytes:
    """A page (BGR or grey array) as JPEG bytes, in memory."""
    import cv2

    ok, buffer = cv2.imencode(".jpg", page, [int(cv2.IMWRITE_JPEG_QUALITY), quality])
    if not ok:
        raise ValueError("page could not be encoded as JPEG")
    return buffer.tobytes()


def pages_to_pdf(pages: Sequence[bytes]) -> bytes:
    """Several JPEG pages as one PDF, in memory."""
    from PIL import Image

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return out.getvalue()


class Materials:
    """The material checklist of the current plan, licences, and page capture on worker threads."""

    def __init__(self, services: KioskServices, state: JourneyState) -> None:
        self.services = services
        self.state = state
        self._lock = threading.Lock()
        self._cancel: threading.Event | None = None
        self._worker: threading.Thread | None = None
        self._preview_thread: threading.Thread | None = None
        self._preview: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        self._licence_thread: threading.Thread | None = None
        self.capturing = ""
        """Id of the material being captured now ('' when idle)."""

    # --- plumbing -----------------------------------------------------------------------------
    @property
    def data(self) -> ApplicationDraft:
        """The session's personal data."""
        return self.services.session.draft

    @property
    def camera(self) -> CaptureCamera | None:
        """The camera device (None when not configured)."""
        return self.services.camera()

    def needs(self) -> tuple[MaterialNeed, ...]:
        """Materials of the current plan (computed from the answers when no plan is held yet)."""
        plan = self.state.plan
        if plan is None or plan.code != self.state.target_code:
            plan = self.services.journey.filling.plan()
        return plan.materials

    # --- licences -----------------------------------------------------------------------------
    def licences(self) -> list[Licence] | None:
        """The applicant's electronic licences, or None while not known."""
        return self.data.licences

    def load_licences(self) -> bool:
        """Fetch the licences on a worker thread when nobody has yet; True when a fetch was started."""
        identity = self.data.identity
        if self.licences() is not None or identity is None or self.services.sync is None:
            return False
        if self._licence_thread is not None and self._licence_thread.is_alive():
            return False
        visit, number = self.state.visit_id, identity.id_number

        def fetch() -> None:
            try:
                found = list(self.services.require_sync().client.licences(number))
                ok = True
            except Exception as exc:  # noqa: BLE001 - offline or refused: everything is photographed
                log.warning("licences could not be fetched: %s", type(exc).__name__)
                found, ok = [], False
            if self.state.visit_id != visit:  # the session ended meanwhile: keep nothing
                return
            self.data.licences = found
            self.services.bus.publish(LicencesLoaded(len(found), ok))

        self._licence_thread = threading.Thread(target=fetch, name="licences", daemon=True)
        self._licence_thread.start()
        return True

    def _licence_for(self, need: MaterialNeed) -> Any:
        wanted = need.material.licence_type
        if not wanted:
            return None
        return next((lic for lic in self.licences() or [] if lic.type == wanted), None)

    # --- the checklist ------------------------------------------------------------------------
    def status(self) -> list[MaterialStatus]:
        """Every material of the plan with how it is covered."""
        out = []
        language = self.services.session.language
        licences_en = self.services.catalog().document.licence_types_en
        for need in self.needs():
            m = need.material
            licence = self._licence_for(need)
            out.append(
                MaterialStatus(
                    id=m.id,
                    name=m.name,
                    description=describe_material(m, language, licences_en),
                    required=m.copies > 0,
                    licence_name=licence.name if licence else "",
                    licence_ref=licence.ref if licence else "",
                    pages=len(self.pages(m.id)),
                    label=material_name(m, language, licences_en),
                )
            )
        return out

    def missing(self) -> list[MaterialStatus]:
        """Required materials not covered yet."""
        return [s for s in self.status() if s.missing]

    def ready(self) -> bool:
        """True when no required material is missing (the next step may be taken)."""
        return not self.missing()

    def pages(self, material_id: str) -> list[bytes]:
        """The captured pages (JPEG bytes) of a material."""
        return list(self.data.materials.get(material_id, []))

    def delete_page(self, material_id: str, index: int) -> None:
        """Delete one captured page."""
        pages = self.data.materials.get(material_id)
        if pages and -len(pages) <= index < len(pages):
            del pages[index]
            if not pages:
                del self.data.materials[material_id]

    def add_page(self, material_id: str, jpeg: bytes) -> int:
        """Keep a captured page; returns the material's page count."""
        pages = self.data.materials.setdefault(material_id, [])
        pages.append(jpeg)
        return len(pages)

    def material_inputs(self) -> list[MaterialInput]:
        """The materials for the application: licence references, one JPEG or a PDF of the pages."""
        out = []
        for item in self.status():
            if item.licence_ref:
                out.append(MaterialInput(item.name, licence_ref=item.licence_ref))
            elif item.pages == 1:
                out.append(MaterialInput(item.name, "image/jpeg", self.pages(item.id)[0]))
            elif item.pages > 1:
                out.append(MaterialInput(item.name, "application/pdf", pages_to_pdf(self.pages(item.id))))
        return out

    # --- capture ------------------------------------------------------------------------------
    def start_capture(self, material_id: str, timeout_s: float = 60.0) -> bool:
        """Capture one page of ``material_id`` on a worker thread; False when no camera or already busy."""
        camera = self.camera
        if camera is None or (self._worker is not None and self._worker.is_alive()):
            return False
        from devices.camera.document_capture import capture_page

        cancel = threading.Event()
        self._cancel, self.capturing = cancel, material_id
        visit = self.state.visit_id

        def work() -> None:
            status = "failed"
            try:
                result = capture_page(camera, timeout_s=timeout_s, cancel=cancel)
                status = result.status
                if result.accepted and result.page is not None and self.state.visit_id == visit and not cancel.is_set():
                    count = self.add_page(material_id, encode_jpeg(result.page))
                    self.services.bus.publish(PageAdded(material_id, count))
            except Exception as exc:  # noqa: BLE001 - the screen offers to try again
                log.warning("page capture failed: %s", exc)
            finally:
                cancel.set()
                self.capturing = ""
                self.services.bus.publish(CaptureEnded(material_id, status))

        self._worker = threading.Thread(target=work, name="page-capture", daemon=True)
        self._worker.start()
        self._preview_thread = threading.Thread(
            target=self._run_preview, args=(camera, cancel), name="page-preview", daemon=True
        )
        self._preview_thread.start()
        return True

    def _run_preview(self, camera: Any, stop: threading.Event) -> None:
        from devices.camera.document import find_page

        seen = 0
        while not stop.is_set():
            got = camera.wait_frame(seen, timeout=0.5)
            if got is None:
                continue
            seen, frame = got
            try:
                corners = find_page(frame)
            except Exception:  # noqa: BLE001 - a bad frame only loses its outline
                corners = None
            with self._lock:
                self._preview = (frame, corners)
            stop.wait(PREVIEW_INTERVAL_S)
        with self._lock:
            self._preview = (None, None)

    def preview(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The latest camera frame (BGR) and the page corners found in it (4×2, or None)."""
        with self._lock:
            frame, corners = self._preview
        if frame is None and self.camera is not None:
            frame = self.camera.latest_frame()
        return frame, corners

    def cancel_capture(self, wait_s: float = 2.0) -> None:
        """Stop a capture in progress (and its preview)."""
        if self._cancel is not None:
            self._cancel.set()
        for thread in (self._worker, self._preview_thread):
            if thread is not None and thread is not threading.current_thread():
                thread.join(wait_s)

    def reset(self) -> None:
        """The session ended: stop capturing (pages are wiped with the session's data)."""
        self.cancel_capture(wait_s=0)


def sample_desk_frame(seed: int = 11, size: tuple[int, int] = (960, 720)) -> np.ndarray:
    """A synthetic desk photo with one page on it (BGR): what walk-throughs show the simulated camera."""
    from devices.camera.synthetic import desk_photo

    return desk_photo(np.random.default_rng(seed), size, background="wood").image

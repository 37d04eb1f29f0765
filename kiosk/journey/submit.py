"""Submit: build the application from the draft, queue it durably in the outbox, wait a while for the
platform's case number, and watch for it to arrive later when the platform is offline."""

from __future__ import annotations

import logging
import threading

from kiosk.journey.outcomes import CaseNumberArrived, SubmissionError, SubmissionProgress
from kiosk.journey.review import Review
from kiosk.journey.values import captured_pages, licence_field, sniff_content_type
from kiosk.sync.application import Application, MaterialInput
from kiosk.sync.events import ApplicationFailed, ApplicationSent

log = logging.getLogger(__name__)


class Submitting(Review):
    """The application for the outbox and its submission (one at a time)."""

    wait_for_case_s = 8.0
    """How long the submitting screen waits for the platform's case number before going offline."""

    def _materials(self) -> list[MaterialInput]:
        licences = self.licences()
        out: list[MaterialInput] = []
        for need, source, _pages in self.material_status():
            m = need.material
            if source == "licence":
                out.append(MaterialInput(m.name, licence_ref=licence_field(licences[m.licence_type or ""], "ref")))
            elif source == "captured":
                pages = captured_pages(self.session.draft.materials.get(m.id))
                if len(pages) > 1 and all(sniff_content_type(p) == "image/jpeg" for p in pages):
                    from kiosk.journey.materials import pages_to_pdf

                    pages = [pages_to_pdf(pages)]
                for number, page in enumerate(pages, start=1):
                    name = m.name if len(pages) == 1 else f"{m.name}（第{number}页）"
                    out.append(MaterialInput(name, sniff_content_type(page), page))
        return out

    def build_application(self) -> Application:
        """The application for the outbox (raises :class:`SubmissionError` with what is missing)."""
        from kiosk.catalog import ApplicationNotReady, prepare_application

        identity = self.session.draft.identity
        if identity is None:
            raise SubmissionError("no applicant identity / 未识别申请人身份")
        if not self.session.draft.signature:
            raise SubmissionError("not signed / 尚未签名")
        try:
            draft = prepare_application(self.plan(), self.form_values())
        except ApplicationNotReady as exc:
            raise SubmissionError(f"application not ready: {exc}") from None
        delivery = dict(self.session.draft.delivery) or {"kind": "pickup"}
        applicant = {
            "name": identity.name,
            "id_number": identity.id_number,
            "document_type": str(identity.document_type),
        }
        phone = self.session.draft.phone or delivery.get("phone", "")
        if phone:
            applicant["phone"] = phone
        return Application(
            visit_id=self.state.visit_id,
            item_code=draft.code,
            applicant=applicant,
            form=draft.payload(),
            delivery=delivery,
            materials=self._materials(),
            signature_png=self.session.draft.signature,
            face_photo_jpeg=self.session.draft.face_photo,
            bundle_code=draft.code if draft.kind == "bundle" else "",
        )

    def submit(self) -> bool:
        """Queue and send as a job (progress as :class:`SubmissionProgress`); False if one runs."""
        if self.jobs.busy("submission"):
            return False
        visit = self.state.visit_id
        try:
            app = self.build_application()
        except SubmissionError as exc:
            self._publish(SubmissionProgress(visit, "failed", message=str(exc)))
            return True
        started = self.jobs.start(
            "submission",
            lambda: self._submit_job(app),
            on_error=lambda exc: SubmissionProgress(app.visit_id, "failed", message=type(exc).__name__),
            keep_stale=True,
        )
        return started is not None

    def _submit_job(self, app: Application) -> None:
        self.submit_blocking(app)  # publishes its own stages

    def submit_blocking(self, app: Application) -> SubmissionProgress:
        """Queue ``app`` durably, then wait up to :attr:`wait_for_case_s` for its case number."""
        sent: dict[str, ApplicationSent] = {}
        failed: set[str] = set()
        arrived = threading.Event()

        def on_sent(event: ApplicationSent) -> None:
            sent[event.local_ref] = event
            arrived.set()

        def on_failed(event: ApplicationFailed) -> None:
            failed.add(event.local_ref)
            arrived.set()

        bus = self.services.bus
        unsubscribe = [bus.subscribe(ApplicationSent, on_sent), bus.subscribe(ApplicationFailed, on_failed)]
        try:
            self._publish(SubmissionProgress(app.visit_id, "queuing"))
            queued = self.services.require_sync().worker.enqueue(app)
            if app.visit_id == self.state.visit_id:
                self.state.local_ref = queued.local_ref
            self._publish(SubmissionProgress(app.visit_id, "sending", queued.local_ref))
            entry = self.services.require_sync().outbox.find(queued.local_ref)
            case_no, promised = (entry.case_no or "", "") if entry is not None else ("", "")
            deadline = self.services.clock.monotonic() + self.wait_for_case_s
            while not case_no and queued.local_ref not in failed:
                if queued.local_ref in sent:
                    case_no, promised = sent[queued.local_ref].case_no, sent[queued.local_ref].promised_date
                    break
                left = deadline - self.services.clock.monotonic()
                if left <= 0:
                    break
                arrived.wait(min(left, 0.5))
                arrived.clear()
        finally:
            for off in unsubscribe:
                off()
        if app.visit_id == self.state.visit_id:
            self.state.case_no = case_no
            self.state.promised_date = promised
            if not case_no:
                self._watch_for_case(app.visit_id, queued.local_ref)
        done = SubmissionProgress(app.visit_id, "done", queued.local_ref, case_no)
        self._publish(done)
        return done

    def _watch_for_case(self, visit: str, local_ref: str) -> None:
        """Offline: when the case number arrives later in this same visit, update the state and say so."""

        def on_sent(event: ApplicationSent) -> None:
            if event.local_ref != local_ref:
                return
            self._stop_watch()
            if self.state.visit_id == visit:
                self.state.case_no = event.case_no
                self.state.promised_date = event.promised_date
                self._publish(CaseNumberArrived(visit, local_ref, event.case_no))

        self._stop_watch()
        self._watch = self.services.bus.subscribe(ApplicationSent, on_sent)

    def _stop_watch(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None:
            watch()

    @property
    def submitting(self) -> bool:
        """True while a submission runs."""
        return self.jobs.busy("submission")

"""Identify: place the ID card (animated, spoken), or the social security card (with its PIN), or type the
ID number and name; then the face with a live camera preview and spoken hints, verified by the platform.
Reader faults, expired cards, failed verification and an unreachable platform each show a way forward."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.events import SessionEnded
from kiosk.journey.identify import FaceHint, IdentifyChanged, IdentifyPhase
from screens.base import KioskScreen
from screens.catalog import build_keys

PREVIEW_FPS = 15

CARD_PHASES = {
    IdentifyPhase.WAITING_CARD,
    IdentifyPhase.WAITING_SSCARD,
    IdentifyPhase.READER_FAULT,
    IdentifyPhase.EXPIRED,
}
FACE_PHASES = {
    IdentifyPhase.FACE,
    IdentifyPhase.VERIFYING,
    IdentifyPhase.VERIFIED,
    IdentifyPhase.MISMATCH,
    IdentifyPhase.OFFLINE,
    IdentifyPhase.CAMERA_FAULT,
}
PROMPTS = {
    IdentifyPhase.WAITING_CARD: "identify.prompt",
    IdentifyPhase.WAITING_SSCARD: "identify.sscard_prompt",
    IdentifyPhase.PIN: "identify.pin_prompt",
    IdentifyPhase.READER_FAULT: "identify.reader_fault_prompt",
    IdentifyPhase.EXPIRED: "identify.expired_prompt",
    IdentifyPhase.TYPING: "identify.typed_prompt",
    IdentifyPhase.FACE: "identify.face_prompt",
    IdentifyPhase.VERIFIED: "identify.verified_prompt",
    IdentifyPhase.MISMATCH: "identify.mismatch_prompt",
    IdentifyPhase.OFFLINE: "identify.offline_prompt",
    IdentifyPhase.CAMERA_FAULT: "identify.camera_fault_prompt",
}
"""What is spoken when each state appears."""


class IdentifyPanel(BoxLayout):
    """Base of the panels the identify screen swaps in; ``screen`` is the identify screen."""

    screen = ObjectProperty(None)


class CardPanel(IdentifyPanel):
    """Place the card: animation, message, the other ways; also the reader-fault and expired states."""

    message = StringProperty("")
    warning = BooleanProperty(False)
    expired = BooleanProperty(False)
    social = BooleanProperty(False)
    demo = BooleanProperty(False)
    slide = NumericProperty(0.0)
    """0 → the card hovers above the reader, 1 → it lies on it (animated in a loop)."""

    def start_animation(self) -> None:
        """Loop the card sliding onto the reader."""
        self.slide = 0.0
        anim = (
            Animation(slide=1.0, duration=1.2, t="out_quad")
            + Animation(duration=0.6)
            + Animation(slide=0.0, duration=0.01)
        )
        anim.repeat = True
        anim.start(self)

    def stop_animation(self) -> None:
        """Stop the loop."""
        Animation.cancel_all(self)


class PinPanel(IdentifyPanel):
    """The social security card's PIN on a digit pad."""

    message = StringProperty("")


class TypedPanel(IdentifyPanel):
    """Name and ID number typed on the on-screen keyboard, with inline validation messages."""

    name_error = StringProperty("")
    id_error = StringProperty("")

    def focus_field(self, which: str) -> None:
        """Point the keyboard at the name (pinyin) or the ID number (digits and X)."""
        board = self.ids.keyboard
        if which == "name":
            board.target = self.ids.typed_name
            board.mode = "pinyin"
        else:
            board.target = self.ids.typed_id
            board.mode = "id"


class FacePanel(IdentifyPanel):
    """Live camera preview with the hint, then the verification result and what to do next."""

    message = StringProperty("")
    hint = StringProperty("")
    who = StringProperty("")
    warning = BooleanProperty(False)
    can_continue = BooleanProperty(False)
    can_retry = BooleanProperty(False)
    need_help = BooleanProperty(False)
    busy = BooleanProperty(True)
    texture = ObjectProperty(None, allownone=True)


class IdentifyScreen(KioskScreen):
    """Mirrors :class:`kiosk.journey.identify.Identification`: one panel per state."""

    phase = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bound = False
        self._panel: IdentifyPanel | None = None
        self._preview: Any = None
        self._texture: Texture | None = None

    @property
    def identify(self):  # noqa: ANN201 - kiosk.journey.identify.Identification
        """The identification part of the journey."""
        return self.services.journey.identify

    # --- life cycle ---------------------------------------------------------------------------
    def on_pre_enter(self, *_args: Any) -> None:
        """Subscribe once; start at 'place your card' (or where this session already is)."""
        if not self._bound:
            app = App.get_running_app()
            app.bridge.on(IdentifyChanged, self._on_changed)
            app.bridge.on(FaceHint, self._on_hint)
            app.bridge.on(SessionEnded, lambda _e: self.clear())
            app.bind(language=lambda *_a: self.show() if self.manager and self.manager.current == self.name else None)
            self._bound = True
        self.identify.begin()
        self.show()

    def on_enter(self, *_args: Any) -> None:
        """The prompt of the current state is spoken by :meth:`show`; nothing more here."""

    def on_leave(self, *_args: Any) -> None:
        """Stop the preview and drop every widget holding personal text."""
        self.clear()

    def clear(self) -> None:
        """Remove the panel (typed text, masked name, preview) and stop the preview clock."""
        self._stop_preview()
        if self._panel is not None:
            if isinstance(self._panel, CardPanel):
                self._panel.stop_animation()
            for field in ("typed_name", "typed_id", "pin"):
                if field in self._panel.ids:
                    self._panel.ids[field].text = ""
            if isinstance(self._panel, FacePanel):
                self._panel.who = ""
            self.ids.body.remove_widget(self._panel)
            self._panel = None
        self.phase = ""

    def _on_changed(self, event: IdentifyChanged) -> None:
        if self.manager is not None and self.manager.current == self.name:
            self.show()

    def _on_hint(self, hint: FaceHint) -> None:
        if isinstance(self._panel, FacePanel):
            self._panel.hint = hint.en if self.services.english() else hint.zh

    # --- one panel per state ------------------------------------------------------------------
    def show(self) -> None:
        """Lay out the panel for the part's current phase and speak its prompt when the state is new."""
        part = self.identify
        phase = part.phase
        kind = (
            CardPanel
            if phase in CARD_PHASES
            else PinPanel
            if phase is IdentifyPhase.PIN
            else TypedPanel
            if phase is IdentifyPhase.TYPING
            else FacePanel
        )
        new_state = phase.value != self.phase
        if not isinstance(self._panel, kind):
            self.clear()
            self._panel = kind(screen=self)
            self.ids.body.add_widget(self._panel)
        self.phase = phase.value
        panel = self._panel
        if isinstance(panel, CardPanel):
            self._fill_card(panel, phase, part.detail)
        elif isinstance(panel, PinPanel):
            build_keys(panel.ids.keyboard)
            panel.ids.keyboard.target = panel.ids.pin
        elif isinstance(panel, TypedPanel):
            build_keys(panel.ids.keyboard)
            if panel.ids.keyboard.target is None:
                panel.focus_field("name")
        else:
            self._fill_face(panel, phase)
        if new_state and phase in PROMPTS:
            self.services.speak(PROMPTS[phase], date=part.detail)

    def _fill_card(self, panel: CardPanel, phase: IdentifyPhase, detail: str) -> None:
        app = App.get_running_app()
        panel.social = phase is IdentifyPhase.WAITING_SSCARD
        panel.warning = phase in (IdentifyPhase.READER_FAULT, IdentifyPhase.EXPIRED)
        panel.expired = phase is IdentifyPhase.EXPIRED
        panel.demo = self.services.settings.devices.idcard.backend == "simulated"
        panel.message = {
            IdentifyPhase.WAITING_CARD: app.t("identify.place_card"),
            IdentifyPhase.WAITING_SSCARD: app.t("identify.place_sscard"),
            IdentifyPhase.READER_FAULT: app.t("identify.reader_fault"),
            IdentifyPhase.EXPIRED: app.t("identify.expired", date=detail),
        }[phase]
        panel.stop_animation()
        if not panel.warning:
            panel.start_animation()

    def _fill_face(self, panel: FacePanel, phase: IdentifyPhase) -> None:
        app = App.get_running_app()
        part = self.identify
        panel.who = app.t("identify.who", who=part.who()) if part.who() else ""
        panel.busy = phase in (IdentifyPhase.FACE, IdentifyPhase.VERIFYING)
        panel.warning = phase in (IdentifyPhase.MISMATCH, IdentifyPhase.CAMERA_FAULT, IdentifyPhase.OFFLINE)
        panel.can_continue = part.can_continue
        panel.can_retry = phase in (IdentifyPhase.MISMATCH, IdentifyPhase.CAMERA_FAULT) and part.attempts_left > 0
        panel.need_help = phase in (IdentifyPhase.MISMATCH, IdentifyPhase.CAMERA_FAULT) and not panel.can_retry
        if phase is not IdentifyPhase.FACE:
            panel.hint = ""
        panel.message = {
            IdentifyPhase.FACE: app.t("identify.face_title"),
            IdentifyPhase.VERIFYING: app.t("identify.verifying"),
            IdentifyPhase.VERIFIED: app.t("identify.verified"),
            IdentifyPhase.MISMATCH: app.t("identify.mismatch" if panel.can_retry else "identify.no_more_attempts"),
            IdentifyPhase.OFFLINE: app.t("identify.offline"),
            IdentifyPhase.CAMERA_FAULT: app.t(
                "identify.camera_fault" if panel.can_retry else "identify.no_more_attempts"
            ),
        }[phase]
        if panel.busy:
            self._start_preview()
        else:
            self._stop_preview()

    # --- live preview -------------------------------------------------------------------------
    def _start_preview(self) -> None:
        if self._preview is None:
            self._preview = Clock.schedule_interval(self._update_preview, 1 / PREVIEW_FPS)

    def _stop_preview(self) -> None:
        if self._preview is not None:
            self._preview.cancel()
            self._preview = None
        if isinstance(self._panel, FacePanel):
            self._panel.texture = None
        self._texture = None

    def _update_preview(self, _dt: float) -> None:
        frame = self.identify.preview_frame()
        if frame is None or not isinstance(self._panel, FacePanel) or getattr(frame, "ndim", 0) != 3:
            return
        height, width = frame.shape[:2]
        if self._texture is None or self._texture.size != (width, height):
            self._texture = Texture.create(size=(width, height), colorfmt="rgb")
        mirrored = frame[::-1, ::-1].copy()  # textures start at the bottom; a mirror feels natural
        self._texture.blit_buffer(mirrored.tobytes(), colorfmt="bgr", bufferfmt="ubyte")
        self._panel.texture = self._texture
        self._panel.canvas.ask_update()

    # --- actions from the panels --------------------------------------------------------------
    def use_social_security_card(self) -> None:
        """Switch to the social security card."""
        self.identify.use_social_security_card()

    def use_id_card(self) -> None:
        """Switch (back) to the ID card."""
        self.identify.use_id_card()

    def start_typing(self) -> None:
        """Switch to typing the ID number and name."""
        self.identify.start_typing()

    def place_demo_card(self) -> None:
        """Simulated reader only: place the first sample card (demo and walk-throughs)."""
        reader = self.services.id_reader()
        place = getattr(reader, "place_sample", None)
        if place is not None:
            place(5 if self.identify.phase is IdentifyPhase.WAITING_SSCARD else 0)

    def submit_pin(self) -> None:
        """Send the PIN to the reader; clear the field at once (it is never kept)."""
        panel = self._panel
        if not isinstance(panel, PinPanel):
            return
        pin, panel.ids.pin.text = panel.ids.pin.text, ""
        if not self.identify.submit_pin(pin):
            panel.message = App.get_running_app().t("identify.pin_wrong")

    def submit_typed(self) -> None:
        """Check the typed name and number; show the messages inline, or go on to the face."""
        panel = self._panel
        if not isinstance(panel, TypedPanel):
            return
        lang = self.services.session.language
        errors = self.identify.submit_typed(panel.ids.typed_name.text, panel.ids.typed_id.text)
        panel.name_error = errors.get("name", {}).get(lang, "")
        panel.id_error = errors.get("id_number", {}).get(lang, "")

    def retry_face(self) -> None:
        """Take the photo again."""
        self.identify.retry_face()

    def go_on(self) -> None:
        """Identification is done: next step (the journey refuses while it is not)."""
        self.services.journey.machine.advance()

    def go_back(self) -> None:
        """From another way back to the card, else back to the guide."""
        if self.identify.phase in (IdentifyPhase.TYPING, IdentifyPhase.PIN, IdentifyPhase.WAITING_SSCARD):
            self.identify.use_id_card()
        else:
            self.services.journey.machine.back()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))

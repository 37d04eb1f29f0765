"""KioskApp: the ScreenManager, the theme, the UI bridge, idle handling, admin gesture and lock-down."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
from collections import deque
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.events import DeviceEvent, IdleWarning, PreferencesChanged, SessionEnded, StepChanged
from kiosk.fonts import FontNotFound, find_cjk_font
from kiosk.journey.assist import VOLUME_STEP, HelpFailed, HelpSent
from kiosk.services import KioskServices
from kiosk.watchdog import SystemdNotifier
from screens.bridge import UiBridge
from screens.theme import Theme

log = logging.getLogger(__name__)

SCREENS: list[tuple[str, str]] = [
    ("home", "screens.home:HomeScreen"),
    ("coming_soon", "screens.coming_soon:ComingSoonScreen"),
    ("catalog", "screens.catalog:CatalogScreen"),
    ("guide", "screens.guide:GuideScreen"),
    ("identify", "screens.identify:IdentifyScreen"),
    ("situations", "screens.situations:SituationsScreen"),
    ("form", "screens.form:FormScreen"),
    ("materials", "screens.materials:MaterialsScreen"),
    ("review", "screens.review:ReviewScreen"),
    ("delivery", "screens.delivery:DeliveryScreen"),
    ("submitting", "screens.submitting:SubmittingScreen"),
    ("receipt", "screens.receipt:ReceiptScreen"),
    ("rating", "screens.rating:RatingScreen"),
    ("progress", "screens.progress:ProgressScreen"),
    ("queue", "screens.queue:QueueScreen"),
    ("licences", "screens.licences:LicencesScreen"),
]
"""Every citizen screen by name (= its :class:`kiosk.session.Step` value). A module that does not exist
yet is skipped, and a journey step without its screen shows ``coming_soon``."""

JOURNEY_FEATURE = {
    "apply": "home.apply",
    "progress": "home.progress",
    "queue": "home.queue",
    "licences": "home.licences",
}
"""The entry each journey starts from (names the feature on the 'coming soon' screen)."""

GESTURE_WINDOW_S = 3.0
ESCAPE_KEYS = {27, 9}  # Esc, and Tab which some window managers use with Alt to switch away


PREBUILD_DELAY_S = 0.25
"""After the home screen's first frame, how long before the other screens are built, one per frame."""


def _load(target: str) -> type:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class LazyScreenManager(ScreenManager):
    """A ScreenManager whose screens are registered by name and built the first time they are needed.

    ``get_screen``, ``has_screen``, ``current = name`` and ``app.show`` work for a registered screen
    as if it were built (it is built on the spot); :meth:`build_next` builds one more in an idle
    frame. ``screens`` lists only the built ones: :meth:`build_all` first when every screen matters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pending: dict[str, str] = {}

    def register(self, name: str, target: str) -> None:
        """Build ``target`` (``"module:Class"``) as the screen ``name`` when it is first needed."""
        if not super().has_screen(name):
            self._pending[name] = target

    @property
    def pending(self) -> list[str]:
        """Registered screens not built yet, in registration order."""
        return list(self._pending)

    def build_screen(self, name: str) -> bool:
        """Build the registered screen ``name`` now; False when there is none waiting by that name."""
        target = self._pending.pop(name, None)
        if target is None:
            return False
        super().add_widget(_load(target)(name=name))
        return True

    def build_next(self) -> bool:
        """Build the next waiting screen; True while more are waiting."""
        if self._pending:
            self.build_screen(next(iter(self._pending)))
        return bool(self._pending)

    def build_all(self) -> None:
        """Build every waiting screen."""
        while self.build_next():
            pass

    def get_screen(self, name: str) -> Any:
        """The screen called ``name``, built now if it was waiting."""
        self.build_screen(name)
        return super().get_screen(name)

    def has_screen(self, name: str) -> bool:
        """True when a screen called ``name`` is built or registered."""
        return name in self._pending or super().has_screen(name)

    def add_widget(self, widget: Any, *args: Any, **kwargs: Any) -> None:
        """Add a built screen; it replaces a registered one of the same name."""
        self._pending.pop(getattr(widget, "name", ""), None)
        super().add_widget(widget, *args, **kwargs)


class KioskApp(App):
    """The kiosk application; ``services`` is the only way into the core."""

    language = StringProperty("zh-CN")
    hall_name = StringProperty("")
    theme = ObjectProperty(None)
    volume = NumericProperty(0)
    """The speaker's volume in percent (shown in the header's accessibility bar)."""
    warm = BooleanProperty(False)
    """True once every screen is built and the pinyin table loaded (home is usable before: it is drawn
    first, the rest is built one screen per idle frame)."""

    def __init__(self, services: KioskServices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.title = "kiosk"
        self.theme = Theme()
        self.bridge = UiBridge(services.bus)
        self.idle_overlay: Any = None
        self.help_notice: Any = None
        self._taps: deque[float] = deque(maxlen=10)
        self._stopped = False
        self._built_frame = -10
        self.language = services.session.language

    # --- building -----------------------------------------------------------------------------
    def build(self) -> ScreenManager:
        """Register the font, create the home screen (others on first use or in idle frames), wire events."""
        try:
            font = find_cjk_font(self.services.settings.ui.font_path)
            LabelBase.register(DEFAULT_FONT, font, fn_bold=font)
        except FontNotFound as exc:  # one line for the technician (and `kiosk doctor`), never a traceback
            log.error("%s (until then Chinese text shows as empty boxes)", exc, extra={"event": "font_missing"})
        self.theme.set_window_width(Window.width)
        Window.bind(width=lambda _w, width: self.theme.set_window_width(width))
        Window.clearcolor = self.theme.colours["background"]
        self.theme.bind(colours=lambda _t, colours: setattr(Window, "clearcolor", colours["background"]))
        self.volume = self.assist.volume
        self._update_hall_name()
        manager = LazyScreenManager(transition=NoTransition())
        from screens.admin import ADMIN_SCREENS

        for name, target in SCREENS + ADMIN_SCREENS:
            if importlib.util.find_spec(target.partition(":")[0]) is not None:
                manager.register(name, target)
        manager.build_screen("home")  # the only screen the first frame needs; the rest in idle frames
        from screens.widgets.idle_overlay import IdleOverlay

        self.idle_overlay = IdleOverlay()
        self.bridge.on(StepChanged, self._on_step_changed)
        self.bridge.on(IdleWarning, self._on_idle_warning)
        self.bridge.on(SessionEnded, self._on_session_ended)
        self.bridge.on(DeviceEvent, self._on_device_event)
        self.bridge.on(HelpSent, self._on_help_sent)
        self.bridge.on(HelpFailed, self._on_help_failed)
        Window.bind(
            on_request_close=self._on_request_close, on_keyboard=self._on_keyboard, on_touch_down=self._on_any_touch
        )
        if self.services.settings.ui.fullscreen:
            Window.show_cursor = False
        self.bridge.on(PreferencesChanged, lambda _event: self._sync_elderly())
        Clock.schedule_interval(lambda _dt: self.services.session.tick(), 0.5)  # the idle timer
        self.notifier = SystemdNotifier()
        if self.notifier.interval_s:
            Clock.schedule_interval(lambda _dt: self.notifier.pet(), self.notifier.interval_s)
        return manager

    def on_start(self) -> None:
        """Tell systemd the kiosk is up (no-op without systemd); warm up once home is drawn."""
        self.notifier.ready()
        Window.fbind("on_flip", self._after_first_frame)

    def _after_first_frame(self, *_args: Any) -> None:
        Window.funbind("on_flip", self._after_first_frame)
        log.info("home screen drawn", extra={"event": "home_drawn"})
        Clock.schedule_once(lambda _dt: self._warm_up(), PREBUILD_DELAY_S)

    def _warm_up(self) -> None:
        """Build one more screen per idle frame, then start the background work: the pinyin table,
        and what ``services.start(defer=True)`` left for later (catalog index, heartbeat)."""
        if self._stopped:
            return
        if self.root is not None and self.manager.pending:
            self.manager.build_next()
            self._built_frame = Clock.frames
            Clock.schedule_once(lambda _dt: self._warm_up(), 0)
            return
        self.services.ime.start_loading()
        self.services.start_deferred()  # catalog index warm-up, heartbeat (when ``kiosk run`` deferred them)
        Clock.schedule_once(lambda _dt: self._check_warm(), 0.1)

    def _check_warm(self) -> None:
        if self._stopped:
            return
        if self.services.ime.settled:
            # The screens and the pinyin table are ~1.7 million long-lived objects: each full garbage
            # collection walked them all (a 1 s freeze at a random touch). Collect once now, at home,
            # and keep them out of later collections.
            gc.collect()
            gc.freeze()
            self.warm = True
        else:
            Clock.schedule_once(lambda _dt: self._check_warm(), 0.1)

    def stop(self, *args: Any) -> None:
        """Stop the app; right after a screen was built in an idle frame, one frame later, so that
        the new widgets' pending layout callbacks still run while the app exists."""
        settle = not self._stopped and Clock.frames - self._built_frame <= 1
        self._stopped = True
        if settle:
            Clock.schedule_once(lambda _dt: super(KioskApp, self).stop(*args), 0)
        else:
            super().stop(*args)

    def on_stop(self) -> None:
        """Release devices and event subscriptions."""
        self._stopped = True
        self.bridge.close()
        self.services.stop()

    # --- text ---------------------------------------------------------------------------------
    def t(self, key: str, *_bindings: Any, **values: Any) -> str:
        """Text for ``key``; kv passes ``app.language`` as a binding so text follows language changes.

        One lookup (:meth:`KioskServices.wording`): in elderly mode a ``<key>_simple`` text (simpler
        wording) when the locale has one; a change of language or mode arrives as
        :class:`~kiosk.events.PreferencesChanged` and re-dispatches ``language``, so every kv text bound
        to ``app.language`` follows."""
        return self.services.wording(key, **values)

    def _update_hall_name(self) -> None:
        kiosk = self.services.settings.kiosk
        self.hall_name = kiosk.hall_name_en if self.language == "en" and kiosk.hall_name_en else kiosk.hall_name

    def toggle_language(self) -> None:
        """Switch between Chinese and English for this session; the prompt is said again in the new one."""
        self.services.session.set_language("en" if self.language == "zh-CN" else "zh-CN")
        self.language = self.services.session.language
        self._update_hall_name()
        self.repeat_prompt()

    # --- accessibility: elderly mode, spoken prompts, volume, help ----------------------------
    @property
    def assist(self) -> Any:
        """Spoken prompts, volume, elderly mode and help (:class:`kiosk.journey.assist.Assist`)."""
        return self.services.journey.assist

    def toggle_elderly(self) -> None:
        """Elderly mode on or off for this session (larger type, fewer items, longer timeouts)."""
        self.assist.toggle_elderly()
        self._sync_elderly()

    def _sync_elderly(self) -> None:
        """The theme follows ``session.elderly`` (set here, by a journey, or reset at the session end)."""
        elderly = self.services.session.elderly
        if self.theme.elderly != elderly:
            self.theme.elderly = elderly
            # every ``app.t(key, app.language)`` in kv re-reads its text: the simpler wording where offered
            self.property("language").dispatch(self)

    def repeat_prompt(self) -> None:
        """Say the visible screen's prompt again."""
        screen = self.manager.current_screen if self.root is not None else None
        self.assist.repeat(getattr(screen, "prompt_key", ""))

    def change_volume(self, direction: int) -> None:
        """One step louder (``direction`` > 0) or quieter; says the new level."""
        self.volume = self.assist.adjust_volume(VOLUME_STEP if direction > 0 else -VOLUME_STEP)
        self.assist.say_confirmation("assist.volume_now", volume=self.volume)

    # --- navigation ---------------------------------------------------------------------------
    @property
    def manager(self) -> ScreenManager:
        """The screen manager (the root widget)."""
        return self.root

    def show(self, name: str) -> None:
        """Show the screen called ``name``; what the previous screen was saying stops."""
        if self.manager.current != name:
            self.assist.stop_speaking()
        self.manager.current = name

    def start_journey(self, journey: str) -> None:
        """Begin a journey from home; journeys whose screens are not built yet show 'coming soon'."""
        first = journey if journey in JOURNEY_FEATURE and self._has_screen_for(journey) else "coming_soon"
        self.manager.get_screen("coming_soon").feature_key = JOURNEY_FEATURE.get(journey, "home.apply")
        self.services.journey.machine.start(first)

    def _has_screen_for(self, journey: str) -> bool:
        from kiosk.session import JOURNEYS

        return all(self.manager.has_screen(step.value) for step in JOURNEYS[journey])

    def go_home(self) -> None:
        """End whatever is going on and return to the home screen."""
        if self.services.admin_mode:
            self.services.leave_admin()
        if self.services.session.is_pristine():
            self.show("home")
        else:
            self.services.journey.machine.cancel()

    def request_help(self) -> None:
        """Ask staff for help: the platform gets the kiosk id and step; the citizen is told staff are coming."""
        from screens.base import HelpNotice

        self.services.session.touch()
        self.assist.request_help()
        if self.help_notice is None:
            self.help_notice = HelpNotice()
        self.help_notice.title_key, self.help_notice.body_key = "assist.help_title", "assist.help_coming"
        if self.help_notice.parent is None:
            self.help_notice.open(animation=False)

    def _on_help_sent(self, event: HelpSent) -> None:
        log.info("help request %s received by the platform", event.help_id)

    def _on_help_failed(self, _event: HelpFailed) -> None:
        if self.help_notice is not None and self.help_notice.parent is not None:
            self.help_notice.title_key, self.help_notice.body_key = "assist.help_offline_title", "assist.help_offline"
            self.assist.say_error("assist.help_offline")

    # --- events from the core (already on the UI thread) --------------------------------------
    def _on_step_changed(self, event: StepChanged) -> None:
        self.show(event.step if self.manager.has_screen(event.step) else "coming_soon")

    def _on_idle_warning(self, event: IdleWarning) -> None:
        self.idle_overlay.seconds_left = event.seconds_left
        if self.idle_overlay.parent is None:
            self.idle_overlay.open(animation=False)
            self.services.speak(self.assist.wording("idle.prompt"))  # simpler words in elderly mode

    def _on_session_ended(self, _event: SessionEnded) -> None:
        if self.idle_overlay.parent is not None:
            self.idle_overlay.dismiss(animation=False)
        if self.help_notice is not None and self.help_notice.parent is not None:
            self.help_notice.dismiss(animation=False)
        self._sync_elderly()
        self.language = self.services.session.language
        self._update_hall_name()
        if not self.services.admin_mode:
            self.show("home")

    def _on_device_event(self, event: DeviceEvent) -> None:
        log.debug("device event %s from %s", type(event).__name__, event.device)

    # --- touches, gesture, lock-down ----------------------------------------------------------
    def _on_any_touch(self, _window: Any, _touch: Any) -> bool:
        self.services.session.touch()
        return False

    def logo_tapped(self) -> None:
        """Count a tap on the hall name; enough taps in a short time open the admin PIN pad."""
        now = self.services.clock.monotonic()
        self._taps.append(now)
        needed = self.services.settings.admin.gesture_taps
        recent = [t for t in self._taps if now - t <= GESTURE_WINDOW_S]
        if len(recent) >= needed:
            self._taps.clear()
            log.info("admin gesture", extra={"event": "admin_gesture"})
            self.show("admin_pin")

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """Alt+F4 and the window manager's close: refused outside admin mode (True = keep open)."""
        if self.services.admin_mode:
            return False
        log.warning("window close refused outside admin mode", extra={"event": "close_refused"})
        return True

    def _on_keyboard(self, _window: Any, key: int, _scancode: int, _codepoint: str, modifiers: list) -> bool:
        """Swallow Esc and Alt-combinations outside admin mode."""
        if self.services.admin_mode:
            return False
        return key in ESCAPE_KEYS or "alt" in (modifiers or [])

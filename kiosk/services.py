"""The facade the screens talk to: session, text, devices' status, admin access, spoken prompts.

Screens never touch hardware, network or storage (DESIGN.md §2): they call this object and subscribe
to its :class:`~kiosk.events.EventBus` through the UI bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from devices import registry
from devices.base import Device, DeviceEvent
from kiosk.admin_auth import AdminGate
from kiosk.clock import Clock, OffsetClock
from kiosk.errors import KioskError
from kiosk.events import EventBus, PreferencesChanged
from kiosk.i18n import Translator
from kiosk.ime import PinyinInput
from kiosk.session import Session
from kiosk.settings import KioskSettings

if TYPE_CHECKING:
    from devices.base import IdCardReader, Speaker
    from devices.camera.capture import CaptureCamera
    from devices.printer.driver import EscposPrinter
    from kiosk.catalog import Catalog
    from kiosk.catalog.runtime import CatalogRuntime
    from kiosk.health import HealthReporter
    from kiosk.platform.server import RunningPlatform
    from kiosk.receipts import Receipt
    from kiosk.sync.runtime import SyncRuntime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceSummary:
    """What a screen shows about one device."""

    kind: str
    backend: str
    state: str
    reason: str


class KioskServices:
    """Everything the UI may use, built from validated settings."""

    def __init__(self, settings: KioskSettings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or OffsetClock()
        self.bus = EventBus()
        ui = settings.ui
        self.session = Session(
            self.bus,
            self.clock,
            idle_timeout_s=ui.idle_timeout_s,
            idle_warning_s=ui.idle_warning_s,
            default_language=ui.language,
            elderly_factor=ui.elderly_timeout_factor,
        )
        self.translator = Translator(ui.language)
        """One text lookup: language and elderly mode are its two settings, following the session."""
        self.bus.subscribe(PreferencesChanged, self._follow_preferences)
        self.admin = AdminGate(
            settings.admin.pin, self.clock, max_failures=settings.admin.max_failures, lockout_s=settings.admin.lockout_s
        )
        self.admin_mode = False
        self.ime = PinyinInput(preload=False)
        """Pinyin candidates; the UI starts loading the table once home is up (or the first query does)."""
        self.devices: dict[str, Device] = {}
        self.platform: RunningPlatform | None = None
        """The embedded reference platform when ``platform.embedded`` is on."""
        self.sync: SyncRuntime | None = None
        """Outbox, platform client and worker (:class:`kiosk.sync.runtime.SyncRuntime`)."""
        self.catalog_runtime: CatalogRuntime | None = None
        """The service catalog kept fresh from the platform (:class:`kiosk.catalog.runtime.CatalogRuntime`)."""
        self.health: HealthReporter | None = None
        """The heartbeat reporter (:class:`kiosk.health.HealthReporter`)."""
        self.last_receipt: tuple[Receipt, str] | None = None
        """The last receipt printed (masked for a reprint) and its application id, for the technician."""
        self._deferred: list[Callable[[], None]] = []
        self.exit_code = 0
        """What ``kiosk run`` exits with: 0 on exit to desktop, 75 when a technician asked for a restart."""
        from kiosk.journey import Journey

        self.journey = Journey(self)
        """The citizen's journey: its state and its typed parts (``services.journey.submission`` …)."""

    # --- the running parts, typed -------------------------------------------------------------
    def require_sync(self) -> SyncRuntime:
        """The outbox, platform client and worker (raises :class:`KioskError` before :meth:`start_backend`)."""
        if self.sync is None:
            raise KioskError("the platform link is not started (services.start_backend)")
        return self.sync

    def catalog(self) -> Catalog:
        """The current service catalog (raises :class:`KioskError` before :meth:`start_backend`)."""
        if self.catalog_runtime is None:
            raise KioskError("the catalog is not loaded (services.start_backend)")
        return self.catalog_runtime.current

    def printer(self) -> EscposPrinter | None:
        """The receipt printer, when configured (every printer backend is an :class:`EscposPrinter`)."""
        return cast("EscposPrinter | None", self.devices.get("printer"))

    def camera(self) -> CaptureCamera | None:
        """The camera, when configured (every camera backend is a :class:`CaptureCamera`)."""
        return cast("CaptureCamera | None", self.devices.get("camera"))

    def id_reader(self) -> IdCardReader | None:
        """The ID card reader, when configured."""
        return cast("IdCardReader | None", self.devices.get("idcard"))

    def speaker(self) -> Speaker | None:
        """The speech output, when configured."""
        return cast("Speaker | None", self.devices.get("speech"))

    # --- life cycle ---------------------------------------------------------------------------
    def start_devices(self) -> None:
        """Build and start every configured device; a device that fails to start is offline, not fatal."""
        from kiosk.escpos_cache import prepare_escpos_cache

        prepare_escpos_cache(self.settings.kiosk.data_dir / "cache" / "escpos")
        for kind in ("idcard", "camera", "printer", "speech"):
            section = getattr(self.settings.devices, kind)
            options = section.model_dump(exclude={"backend"})
            try:
                device = registry.create(kind, section.backend, name=kind, **options)
                device.add_listener(self._forward)
                self.devices[kind] = device
                device.start()
            except Exception as exc:  # noqa: BLE001 - a broken device must not stop the kiosk
                log.error("device %s (%s) failed to start: %s", kind, section.backend, exc)

    def start_backend(self, *, defer: bool = False) -> None:
        """Start the embedded reference platform (when configured), the outbox worker and the catalog.

        The catalog is loaded either way; with ``defer`` its index warm-up and refresh thread wait for
        :meth:`start_deferred` (a search before that builds the index itself)."""
        from kiosk.catalog.runtime import CatalogRuntime
        from kiosk.sync.runtime import start_sync

        if self.settings.platform.embedded:
            from kiosk.platform.embedded import start_embedded

            self.platform = start_embedded(self.settings)
            self.settings.platform.base_url = self.platform.base_url
            log.info("embedded reference platform at %s", self.platform.base_url)
        self.sync = start_sync(self.settings, self.bus)
        self.catalog_runtime = CatalogRuntime.from_settings(self.settings, fetcher=self.sync.client, bus=self.bus)
        self._deferred.append(self.catalog_runtime.start)
        if not defer:
            self.start_deferred()

    def start(self, *, defer: bool = False) -> None:
        """Start everything: devices, platform link, outbox worker, catalog, heartbeat.

        ``defer=True`` (``kiosk run``): the background work the home screen does not need — the catalog
        index warm-up (pinyin of every item) and refresh, and the heartbeat — waits for
        :meth:`start_deferred`, which the UI calls once home is drawn, so it does not compete with the
        first frame for the CPU; everything the journeys call (platform, outbox, catalog) is up."""
        self.start_devices()
        self.start_backend(defer=True)
        if self.settings.health.enabled:
            self._deferred.append(self._start_health)
        if not defer:
            self.start_deferred()

    def _start_health(self) -> None:
        from kiosk.health import HealthReporter

        self.health = HealthReporter(self)
        self.health.start()

    def start_deferred(self) -> None:
        """Start what :meth:`start` left for later (nothing when it was not deferred); runs once."""
        pending, self._deferred = self._deferred, []
        for begin in pending:
            begin()

    def stop(self) -> None:
        """Stop the catalog refresh, the outbox worker, the embedded platform and every device."""
        for part in ("health", "catalog_runtime", "sync", "platform"):
            runtime = getattr(self, part, None)
            if runtime is not None:
                try:
                    runtime.stop()
                except Exception as exc:  # noqa: BLE001 - keep stopping the rest
                    log.error("%s failed to stop: %s", part, exc)
                setattr(self, part, None)
        for device in self.devices.values():
            try:
                device.stop()
            except Exception as exc:  # noqa: BLE001
                log.error("device %s failed to stop: %s", device.name, exc)

    def _forward(self, event: DeviceEvent) -> None:
        self.bus.publish(event)

    # --- text and speech ----------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        """Text for ``key`` in the session's language."""
        self.translator.language = self.session.language
        return self.translator.t(key, **values)

    def wording_key(self, key: str) -> str:
        """``key``, or its simpler ``<key>_simple`` in elderly mode when the session's language has one."""
        self._follow_preferences(PreferencesChanged(self.session.language, self.session.elderly))
        return self.translator.simple_key(key)

    def wording(self, key: str, **values: object) -> str:
        """What a citizen sees for ``key``: the session's language, simpler words in elderly mode."""
        return self.t(self.wording_key(key), **values)

    def _follow_preferences(self, event: PreferencesChanged) -> None:
        self.translator.language = event.language
        self.translator.elderly = event.elderly

    def english(self) -> bool:
        """True when the session is in English (the one language check; wording itself is :meth:`t`)."""
        from kiosk.catalog.language import is_english

        return is_english(self.session.language)

    def speak(self, key: str, **values: object) -> None:
        """Speak the text of ``key`` (interrupting whatever is being said)."""
        speaker = self.speaker()
        if speaker is not None:
            try:
                speaker.say(self.t(key, **values), self.session.language)
            except Exception as exc:  # noqa: BLE001 - silence is better than a crash
                log.warning("speech failed: %s", exc)

    # --- devices ------------------------------------------------------------------------------
    def device_summaries(self) -> list[DeviceSummary]:
        """One line per configured device for the technician's screen."""
        return [
            DeviceSummary(d.kind, type(d).__name__, d.status.state.value, d.status.reason)
            for d in self.devices.values()
        ]

    # --- admin --------------------------------------------------------------------------------
    def enter_admin(self, pin: str) -> bool:
        """Check the PIN (raises :class:`~kiosk.errors.AdminLocked` while locked); True opens admin mode."""
        ok = self.admin.check(pin)
        self.admin_mode = ok
        return ok

    def leave_admin(self) -> None:
        """Close admin mode."""
        self.admin.audit("leave admin mode")
        self.admin_mode = False

"""The facade the screens talk to: session, text, devices' status, admin access, spoken prompts.

Screens never touch hardware, network or storage (DESIGN.md §2): they call this object and subscribe
to its :class:`~kiosk.events.EventBus` through the UI bridge.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from devices import registry
from devices.base import CardRead, Device, DeviceEvent
from kiosk.admin_auth import AdminGate
from kiosk.clock import Clock, OffsetClock
from kiosk.events import EventBus
from kiosk.i18n import Translator
from kiosk.ime import PinyinInput
from kiosk.session import Session
from kiosk.settings import KioskSettings

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
        self.session = Session(self.bus, self.clock, idle_timeout_s=ui.idle_timeout_s,
                               idle_warning_s=ui.idle_warning_s, default_language=ui.language,
                               elderly_factor=ui.elderly_timeout_factor)
        self.translator = Translator(ui.language)
        self.admin = AdminGate(settings.admin.pin, self.clock, max_failures=settings.admin.max_failures,
                               lockout_s=settings.admin.lockout_s)
        self.admin_mode = False
        self.ime = PinyinInput(preload=True)
        self.devices: dict[str, Device] = {}
        self.bus.subscribe(CardRead, self._on_card_read)

    # --- life cycle ---------------------------------------------------------------------------
    def start_devices(self) -> None:
        """Build and start every configured device; a device that fails to start is offline, not fatal."""
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

    def stop(self) -> None:
        """Stop every device."""
        for device in self.devices.values():
            try:
                device.stop()
            except Exception as exc:  # noqa: BLE001
                log.error("device %s failed to stop: %s", device.name, exc)

    def _forward(self, event: DeviceEvent) -> None:
        self.bus.publish(event)

    def _on_card_read(self, event: CardRead) -> None:
        self.session.set_identity(event.identity)

    # --- text and speech ----------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        """Text for ``key`` in the session's language."""
        self.translator.language = self.session.language
        return self.translator.t(key, **values)

    def speak(self, key: str, **values: object) -> None:
        """Speak the text of ``key`` (interrupting whatever is being said)."""
        speaker = self.devices.get("speech")
        if speaker is not None:
            try:
                speaker.say(self.t(key, **values), self.session.language)  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - silence is better than a crash
                log.warning("speech failed: %s", exc)

    # --- devices ------------------------------------------------------------------------------
    def device_summaries(self) -> list[DeviceSummary]:
        """One line per configured device for the technician's screen."""
        return [DeviceSummary(d.kind, type(d).__name__, d.status.state.value, d.status.reason)
                for d in self.devices.values()]

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

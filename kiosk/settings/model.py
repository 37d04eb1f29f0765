"""The root settings model: one attribute per table of kiosk.toml."""

from __future__ import annotations

from pydantic import Field

from kiosk.settings.admin import AdminSection
from kiosk.settings.camera import CameraSection
from kiosk.settings.catalog import CatalogSection
from kiosk.settings.fleet import FleetSection
from kiosk.settings.general import KioskSection
from kiosk.settings.handwriting import HandwritingSection
from kiosk.settings.health import HealthSection
from kiosk.settings.idcard import IdCardSection
from kiosk.settings.logging import LoggingSection
from kiosk.settings.platform import PlatformSection
from kiosk.settings.printer import PrinterSection
from kiosk.settings.section import Section
from kiosk.settings.speech import SpeechSection
from kiosk.settings.ui import UiSection


class DevicesSection(Section):
    """``[devices.*]``: one table per device kind."""

    idcard: IdCardSection = Field(default_factory=IdCardSection, description="ID card reader.")
    camera: CameraSection = Field(default_factory=CameraSection, description="Camera.")
    printer: PrinterSection = Field(default_factory=PrinterSection, description="Receipt printer.")
    speech: SpeechSection = Field(default_factory=SpeechSection, description="Spoken prompts.")


class KioskSettings(Section):
    """Everything the kiosk is configured with."""

    kiosk: KioskSection = Field(default_factory=KioskSection, description="This machine and its hall.")
    ui: UiSection = Field(default_factory=UiSection, description="Citizen screens.")
    admin: AdminSection = Field(default_factory=AdminSection, description="Technician access.")
    logging: LoggingSection = Field(default_factory=LoggingSection, description="Logging.")
    platform: PlatformSection = Field(default_factory=PlatformSection, description="Service platform.")
    catalog: CatalogSection = Field(default_factory=CatalogSection, description="Service catalog.")
    health: HealthSection = Field(default_factory=HealthSection, description="Heartbeat to the platform.")
    fleet: FleetSection = Field(default_factory=FleetSection, description="Fleet broker (MQTT).")
    devices: DevicesSection = Field(default_factory=DevicesSection, description="Devices.")
    handwriting: HandwritingSection = Field(default_factory=HandwritingSection, description="Handwriting (手写) input.")

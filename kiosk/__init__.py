"""Core of the service-hall kiosk: session flow, configuration, services, sync, storage and CLI."""

__version__ = "0.1.0"

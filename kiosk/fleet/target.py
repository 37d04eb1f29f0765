"""The running kiosk as the fleet's :class:`kiosk.fleet.commands.FleetTarget`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.health import collect


class ServicesTarget:
    """Adapts :class:`kiosk.services.KioskServices` to what the fleet may ask."""

    def __init__(
        self,
        services: Any,  # noqa: ANN401 - the facade, typed there
        started_at: float,
        stop_app: Callable[[], None] | None = None,
    ) -> None:
        self.services = services
        self.started_at = started_at
        self.stop_app = stop_app
        """Ends the app (the UI passes one that runs on its main thread); systemd then restarts it."""

    def refresh_catalog(self) -> str:
        """See :meth:`kiosk.catalog.runtime.CatalogRuntime.refresh_now`."""
        runtime = self.services.catalog_runtime
        return "catalog not loaded yet" if runtime is None else str(runtime.refresh_now())

    def self_test(self) -> dict[str, str]:
        """Each device's status now (the drivers check themselves continuously)."""
        return {kind: d.status.state.value for kind, d in dict(self.services.devices).items()}

    def retry_failed(self) -> int:
        """Failed outbox items back to pending."""
        sync = self.services.sync
        return 0 if sync is None else int(sync.outbox.retry_failed())

    def citizen_in_session(self) -> bool:
        """True unless the session is pristine."""
        return not self.services.session.is_pristine()

    def restart(self) -> None:
        """Mark the run for a restart; the app ends and systemd starts it again."""
        from kiosk.admin_services import admin_services_for

        admin_services_for(self.services).request_restart()
        if self.stop_app is not None:
            self.stop_app()

    def health(self, last_error: str = "") -> dict[str, Any]:
        """The same report the platform's heartbeat carries (nothing personal)."""
        return collect(self.services, self.started_at, last_error)

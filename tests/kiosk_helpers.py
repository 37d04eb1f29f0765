"""Test helpers shared across suites: the real kiosk services on a temp data dir, and an event recorder."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.settings import KioskSettings, load_settings


@contextmanager
def running_services(data_dir: Path, adjust: Callable[[KioskSettings], None] | None = None) -> Iterator[Any]:
    """Real services: simulated devices, embedded platform on a free loopback port, data in ``data_dir``."""
    from kiosk.services import KioskServices

    settings = load_settings(environ={})
    settings.kiosk.data_dir = data_dir
    settings.platform.base_url = "http://127.0.0.1:0"
    if adjust is not None:
        adjust(settings)
    services = KioskServices(settings)
    services.start()
    try:
        yield services
    finally:
        services.stop()


def _healthy(services: Any) -> None:  # noqa: ANN401
    from devices.printer.status import Paper
    from kiosk.platform.faults import Faults

    services.platform.set_faults(Faults())
    services.devices["printer"].simulator.state.paper = Paper.OK
    services.devices["camera"].show(None)


@contextmanager
def fresh_session(services: Any) -> Iterator[Any]:  # noqa: ANN401
    """A pristine session at home with the platform answering, paper in the printer and nothing before
    the camera; the same again afterwards, and the session ended."""
    if not services.session.is_pristine():
        services.session.end("reset")
    _healthy(services)
    try:
        yield services
    finally:
        _healthy(services)
        services.session.end("test over")


class Recorder:
    """Collects bus events of some types and waits for one that matches."""

    def __init__(self, bus: Any, *types: type) -> None:
        self.events: list[Any] = []
        self._cond = threading.Condition()
        self._off = [bus.subscribe(t, self._add) for t in types]

    def _add(self, event: Any) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[Any], bool] = lambda e: True, timeout: float = 30.0) -> Any:
        """The first recorded event matching ``predicate``; AssertionError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching event in {timeout} s; got {self.events}")
                self._cond.wait(left)

    def close(self) -> None:
        """Stop recording."""
        for off in self._off:
            off()

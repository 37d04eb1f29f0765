"""``kiosk run``: the composition root. Loads config, starts logging, devices and the UI."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from kiosk.cli.common import add_config_option, settings_or_exit

log = logging.getLogger("kiosk")


def _run(args: argparse.Namespace) -> int:
    settings = settings_or_exit(args)
    from kiosk.logging_setup import configure_logging

    settings.kiosk.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(
        settings.logging.level,
        settings.kiosk.data_dir / "logs" if settings.logging.to_file else None,
        max_bytes=settings.logging.max_bytes,
        backups=settings.logging.backups,
    )
    from screens.launch import prepare_kivy

    prepare_kivy(settings.ui.width, settings.ui.height, fullscreen=settings.ui.fullscreen)
    from kiosk.services import KioskServices

    services = KioskServices(settings)
    try:
        from screens.app import KioskApp
    except Exception as exc:  # noqa: BLE001 - no display, no GL: say so plainly
        print(f"kiosk run: the UI cannot start: {exc}", file=sys.stderr)
        return 1
    try:
        services.start(defer=True)  # catalog warm-up and heartbeat once home is drawn
    except Exception as exc:  # noqa: BLE001 - e.g. the embedded platform's port is busy
        print(f"kiosk run: cannot start: {exc}", file=sys.stderr)
        services.stop()
        return 1
    log.info("kiosk %s starting", settings.kiosk.id, extra={"event": "start"})
    if settings.ui.fullscreen:
        from kiosk.lockdown import apply_lockdown

        apply_lockdown()
    app = KioskApp(services)
    fleet = _start_fleet(settings, services, app)

    def stop_on_signal(signum: int, _frame: object) -> None:
        # Nothing is written here: a signal can arrive while a log line is being written, and writing
        # again from the handler is a reentrant call on the same file. The main loop logs and stops.
        from kivy.clock import Clock

        def stop(_dt: float) -> None:
            log.info("signal %d: stopping", signum, extra={"event": "stop"})
            app.stop()

        Clock.schedule_once(stop)

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        app.run()
    finally:
        if fleet is not None:
            fleet.stop()
        services.stop()
    return int(getattr(services, "exit_code", 0) or 0)


def _start_fleet(settings, services, app):  # noqa: ANN001, ANN202 - types imported lazily (Kivy, paho)
    """The fleet agent when ``[fleet] enabled``; a remote restart stops the app on its main thread."""
    if not settings.fleet.enabled:
        return None
    import time

    from kivy.clock import Clock

    from kiosk.fleet.agent import started_agent
    from kiosk.fleet.target import ServicesTarget

    target = ServicesTarget(services, time.time(), stop_app=lambda: Clock.schedule_once(lambda _dt: app.stop()))
    return started_agent(settings, target, target.health)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``run``."""
    parser = sub.add_parser("run", help="start the kiosk")
    add_config_option(parser)
    parser.set_defaults(func=_run)

"""``kiosk fleet report --once`` and ``kiosk fleet status``: the kiosk's link to its fleet broker."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from kiosk.cli.common import add_config_option, settings_or_exit


def _offline_report(settings: Any) -> dict[str, Any]:  # noqa: ANN401 - KioskSettings, imported lazily
    """What a technician's one-off report can say without the running kiosk: version, outbox, disk."""
    from kiosk import __version__
    from kiosk.health import free_disk_bytes
    from kiosk.sync.outbox import Outbox

    report: dict[str, Any] = {"app_version": __version__, "devices": {}, "source": "kiosk fleet report --once"}
    report["free_disk_bytes"] = free_disk_bytes(settings.kiosk.data_dir)
    box = Outbox.open(settings.kiosk.data_dir, recover=False)
    try:
        depth = box.depth()
        report.update(outbox_depth=depth.waiting, outbox_failed=depth.failed, outbox_oldest_age_s=depth.oldest_age_s)
    finally:
        box.close()
    return report


class _NoOrders:
    """A one-off report takes no orders."""

    def refresh_catalog(self) -> str:
        """Not while reporting once."""
        return "not running"

    def self_test(self) -> dict[str, str]:
        """Not while reporting once."""
        return {}

    def retry_failed(self) -> int:
        """Not while reporting once."""
        return 0

    def citizen_in_session(self) -> bool:
        """Refuse restarts."""
        return True

    def restart(self) -> None:
        """Never."""


def _report(args: argparse.Namespace) -> int:
    from kiosk.fleet.agent import FleetAgent

    settings = settings_or_exit(args)
    agent = FleetAgent(settings, _NoOrders(), lambda: _offline_report(settings))
    if agent.report_once(args.timeout):
        print(f"report published to {settings.fleet.broker_url} on {agent.topics.health}")
        return 0
    print(f"kiosk fleet report: the broker {settings.fleet.broker_url} did not take the report", file=sys.stderr)
    return 1


def _status(args: argparse.Namespace) -> int:
    import paho.mqtt.client as mqtt

    from kiosk.fleet.agent import FleetAgent

    settings = settings_or_exit(args)
    probe = FleetAgent(settings, _NoOrders(), dict)
    topics = probe.topics
    seen: dict[str, Any] = {}
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"{settings.kiosk.id}-status-{time.time_ns()}")
    client.username_pw_set(settings.fleet.username or settings.kiosk.id, settings.fleet.password or None)
    client.on_message = lambda _c, _u, m: seen.__setitem__(m.topic, m.payload.decode("utf-8", "replace"))
    host, port = probe.address()
    try:
        client.connect(host, port, keepalive=10)
    except OSError as exc:
        print(f"kiosk fleet status: cannot reach {settings.fleet.broker_url}: {exc}", file=sys.stderr)
        return 1
    for topic in (topics.state, topics.desired, topics.hall_desired):
        client.subscribe(topic, qos=1)
    client.loop_start()
    time.sleep(args.wait)
    client.disconnect()
    client.loop_stop()
    print(json.dumps({"broker": settings.fleet.broker_url, "retained": seen}, ensure_ascii=False, indent=2))
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from kiosk.fleet.dashboard import Dashboard

    settings = settings_or_exit(args)
    password = os.environ.get("KIOSK_FLEET_DASHBOARD_PASSWORD", "")
    if len(password) < 8:
        print("kiosk fleet dashboard: set KIOSK_FLEET_DASHBOARD_PASSWORD (8 characters or more)", file=sys.stderr)
        return 2
    board = Dashboard(args.broker or settings.fleet.broker_url, password, prefix=settings.fleet.topic_prefix)
    board.start()
    print(f"hall dashboard on http://{args.host}:{args.port}/ (broker {args.broker or settings.fleet.broker_url})")
    try:
        uvicorn.run(board.app, host=args.host, port=args.port, log_level="warning")
    finally:
        board.stop()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``fleet report`` and ``fleet status``."""
    fleet = sub.add_parser("fleet", help="the kiosk's link to the fleet broker (MQTT)")
    fsub = fleet.add_subparsers(dest="fleet_command", metavar="ACTION", required=True)
    report = fsub.add_parser("report", help="publish one health report and exit (exit 1 if the broker did not take it)")
    report.add_argument("--once", action="store_true", required=True, help="one report, then exit")
    report.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the broker")
    add_config_option(report)
    report.set_defaults(func=_report)
    status = fsub.add_parser("status", help="what the broker holds for this kiosk (state, desired config)")
    status.add_argument("--wait", type=float, default=2.0, help="seconds to listen for retained messages")
    add_config_option(status)
    status.set_defaults(func=_status)
    dashboard = fsub.add_parser("dashboard", help="the hall manager's live page of every kiosk, with commands")
    dashboard.add_argument("--broker", help="mqtt://HOST:PORT (default: fleet.broker_url)")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to serve the page on")
    dashboard.add_argument("--port", type=int, default=8790, help="port of the page")
    add_config_option(dashboard)
    dashboard.set_defaults(func=_dashboard)

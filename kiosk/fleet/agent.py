"""The kiosk's fleet agent on ``paho-mqtt``: retained online/offline state with a Last Will, a health report
every interval, remote config (allow-listed, validated, applied, reported back) and commands with replies.
Nothing personal is ever published or queued: the report is the heartbeat's, already masked."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from kiosk.fleet.commands import CommandBook, FleetTarget
from kiosk.fleet.remote_config import RemoteConfigError, apply, validated
from kiosk.fleet.topics import Topics, native_topics, thingsboard_topics
from kiosk.settings import KioskSettings

log = logging.getLogger(__name__)


class FleetAgent:
    """One kiosk's connection to the fleet broker; ``start()`` / ``stop()``, or ``report_once()``."""

    def __init__(
        self,
        settings: KioskSettings,
        target: FleetTarget,
        health: Callable[[], dict[str, Any]],
        *,
        state_path: Path | None = None,
    ) -> None:
        self.settings = settings
        section = settings.fleet
        self.kiosk_id = settings.kiosk.id
        self.topics: Topics = (
            thingsboard_topics()
            if section.mode == "thingsboard"
            else native_topics(section.topic_prefix, self.kiosk_id, section.hall)
        )
        self.health = health
        self.commands = CommandBook(target, state_path)
        self.config_version: object = None
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.client = self._make_client()

    # --- connection ---------------------------------------------------------------------------------
    def _state(self, state: str) -> bytes:
        return json.dumps({"state": state, "kiosk_id": self.kiosk_id}).encode()

    def _credentialed_client(self, client_id: str) -> mqtt.Client:
        """A client with this kiosk's user name, password or certificate, and TLS for mqtts://."""
        section = self.settings.fleet
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv311)
        client.username_pw_set(section.username or self.kiosk_id, section.password or None)
        if section.broker_url.startswith("mqtts://"):
            client.tls_set(
                ca_certs=str(section.ca_file) if section.ca_file else None,
                certfile=str(section.client_cert) if section.client_cert else None,
                keyfile=str(section.client_key) if section.client_key else None,
            )
        return client

    def _make_client(self) -> mqtt.Client:
        client = self._credentialed_client(self.kiosk_id)
        client.will_set(self.topics.state, self._state("offline"), qos=1, retain=True)
        client.reconnect_delay_set(1, 60)
        client.max_queued_messages_set(10)  # health only; a long outage drops old reports, never piles up
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        return client

    def address(self) -> tuple[str, int]:
        """Broker host and port from ``broker_url``."""
        url = urlsplit(self.settings.fleet.broker_url)
        default = 8883 if url.scheme == "mqtts" else 1883
        return url.hostname or "127.0.0.1", url.port or default

    def _on_connect(self, client: mqtt.Client, _u: object, _f: object, reason: Any, _p: object) -> None:  # noqa: ANN401
        if getattr(reason, "is_failure", False):
            log.warning("fleet broker refused the connection: %s", reason)
            return
        client.publish(self.topics.state, self._state("online"), qos=1, retain=True)
        for topic in {self.topics.desired, self.topics.hall_desired, self.topics.command_filter}:
            client.subscribe(topic, qos=1)
        self.connected.set()
        log.info("fleet: connected to %s", self.settings.fleet.broker_url)

    def _on_disconnect(self, _c: mqtt.Client, _u: object, _f: object, reason: Any, _p: object) -> None:  # noqa: ANN401
        self.connected.clear()
        if not self._stop.is_set():
            log.warning("fleet: disconnected (%s); reconnecting", reason)

    # --- messages -------------------------------------------------------------------------------------
    def _on_message(self, client: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        try:
            command_id = self.topics.command_id(message.topic)
            if command_id:
                reply = self.commands.handle(command_id, bytes(message.payload))
                client.publish(self.topics.reply_prefix + command_id, json.dumps(reply, ensure_ascii=False), qos=1)
            elif message.topic in (self.topics.desired, self.topics.hall_desired):
                self._desired(client, bytes(message.payload))
        except Exception:  # noqa: BLE001 - a bad message must never stop the agent
            log.exception("fleet: message on %s could not be handled", message.topic)

    def _desired(self, client: mqtt.Client, payload: bytes) -> None:
        try:
            body = json.loads(payload.decode("utf-8")) if payload else {}
        except (UnicodeDecodeError, ValueError):
            body = None
        if not isinstance(body, dict):
            self._report_config(client, None, error="desired config is not a JSON object")
            return
        version = body.get("version")
        desired = body.get("config", {k: v for k, v in body.items() if k != "version"})
        try:
            values = validated(self.settings, desired)
        except RemoteConfigError as exc:
            self._report_config(client, version, error=str(exc))
            return
        apply(self.settings, values)
        self.config_version = version
        log.info("fleet: remote config version %s applied: %s", version, ", ".join(values))
        self._report_config(client, version, applied=values)

    def _report_config(
        self, client: mqtt.Client, version: object, applied: dict[str, Any] | None = None, error: str = ""
    ) -> None:
        body = {"version": version, "applied": applied or {}, "error": error, "kiosk_id": self.kiosk_id}
        client.publish(self.topics.reported, json.dumps(body, ensure_ascii=False, default=str), qos=1, retain=True)

    # --- reports --------------------------------------------------------------------------------------
    def publish_health(self) -> mqtt.MQTTMessageInfo:
        """Publish one health report (QoS 1)."""
        report = {"kiosk_id": self.kiosk_id, "hall": self.settings.fleet.hall, **self.health()}
        return self.client.publish(self.topics.health, json.dumps(report, ensure_ascii=False, default=str), qos=1)

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self.connected.wait(1.0) and not self._stop.is_set():
                try:
                    self.publish_health()
                except Exception:  # noqa: BLE001 - the next interval tries again
                    log.exception("fleet: health report failed")
                self._stop.wait(self.settings.fleet.interval_s)

    def start(self) -> None:
        """Connect (in the background, reconnecting with backoff) and report every interval."""
        host, port = self.address()
        self.client.connect_async(host, port, keepalive=self.settings.fleet.keepalive_s)
        self.client.loop_start()
        self._thread = threading.Thread(target=self._loop, name="fleet-agent", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Say offline (retained), disconnect and stop."""
        self._stop.set()
        if self.connected.is_set():
            self.client.publish(self.topics.state, self._state("offline"), qos=1, retain=True).wait_for_publish(timeout)
        self.client.disconnect()
        self.client.loop_stop()
        if self._thread is not None:
            self._thread.join(timeout)

    def report_once(self, timeout: float = 10.0) -> bool:
        """Publish one report on a connection of its own (``kiosk fleet report --once``): another client id,
        no Last Will, no state, no orders, so a kiosk running beside it is not disturbed. True when the
        broker acknowledged the report."""
        section = self.settings.fleet
        client = self._credentialed_client(f"{self.kiosk_id}-report")
        host, port = self.address()
        try:
            client.connect(host, port, keepalive=section.keepalive_s)
        except OSError as exc:
            log.warning("fleet: cannot reach %s: %s", section.broker_url, exc)
            return False
        client.loop_start()
        try:
            report = {"kiosk_id": self.kiosk_id, "hall": section.hall, **self.health()}
            info = client.publish(self.topics.health, json.dumps(report, ensure_ascii=False, default=str), qos=1)
            info.wait_for_publish(timeout)
            return info.is_published()
        finally:
            client.disconnect()
            client.loop_stop()


def started_agent(settings: KioskSettings, target: FleetTarget, health: Callable[[], dict[str, Any]]) -> FleetAgent:
    """A running agent with its command memory under ``<data_dir>/fleet/``."""
    agent = FleetAgent(settings, target, health, state_path=Path(settings.kiosk.data_dir) / "fleet" / "commands.json")
    agent.start()
    return agent

"""The fleet agent against a real Mosquitto: state with a Last Will, health reports, remote config and
commands (each once), and the shipped ACL keeping kiosks to their own topics."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from kiosk.fleet.agent import FleetAgent
from kiosk.fleet.target import ServicesTarget
from tests.kiosk_helpers import running_services
from tests.sync.helpers import application


class Watcher:
    """A broker client (the hall manager by default) that records every message it receives."""

    def __init__(self, port: int, user: str = "hall-manager", topic: str = "kiosk/#") -> None:
        self.messages: list[tuple[str, bytes, bool]] = []
        self._cond = threading.Condition()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"watch-{user}-{time.monotonic_ns()}")
        self.client.username_pw_set(user)
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port, keepalive=10)
        self.client.subscribe(topic, qos=1)
        self.client.loop_start()
        time.sleep(0.2)

    def _on_message(self, _c: object, _u: object, message: mqtt.MQTTMessage) -> None:
        with self._cond:
            self.messages.append((message.topic, message.payload, bool(message.retain)))
            self._cond.notify_all()

    def wait_for(self, topic: str, where: Any = None, timeout: float = 10.0) -> dict[str, Any]:  # noqa: ANN401
        """The first JSON message on ``topic`` (for which ``where(body)`` holds)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for t, payload, _retained in self.messages:
                    if t == topic:
                        body = json.loads(payload)
                        if where is None or where(body):
                            return body
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"nothing on {topic}; got {[m[0] for m in self.messages]}")
                self._cond.wait(left)

    def publish(self, topic: str, body: object, retain: bool = False) -> None:
        self.client.publish(topic, json.dumps(body), qos=1, retain=retain).wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Any]:
    with running_services(tmp_path / "data") as running:
        yield running


def _agent(services: Any, port: int, tmp_path: Path) -> FleetAgent:  # noqa: ANN401
    settings = services.settings
    settings.fleet.broker_url = f"mqtt://127.0.0.1:{port}"
    settings.fleet.interval_s = 1
    settings.fleet.keepalive_s = 5
    target = ServicesTarget(services, time.time())
    agent = FleetAgent(settings, target, target.health, state_path=tmp_path / "fleet" / "commands.json")
    agent.start()
    assert agent.connected.wait(10)
    return agent


def test_state_health_and_last_will(broker: int, services: Any, tmp_path: Path) -> None:  # noqa: ANN401
    watcher = Watcher(broker)
    agent = _agent(services, broker, tmp_path)
    kid = services.settings.kiosk.id
    assert watcher.wait_for(f"kiosk/{kid}/state")["state"] == "online"
    health = watcher.wait_for(f"kiosk/{kid}/health")
    assert health["kiosk_id"] == kid and "outbox_depth" in health and "devices" in health
    agent.client.loop_stop()  # the kiosk dies: no DISCONNECT, the socket just goes away
    agent.client.socket().close()
    assert watcher.wait_for(f"kiosk/{kid}/state", lambda b: b["state"] == "offline")["state"] == "offline"
    later = Watcher(broker)  # a dashboard that starts now still sees it: the state is retained
    assert later.wait_for(f"kiosk/{kid}/state")["state"] == "offline"
    watcher.close()
    later.close()


def test_remote_config_is_validated_applied_and_reported(broker: int, services: Any, tmp_path: Path) -> None:  # noqa: ANN401
    watcher = Watcher(broker)
    agent = _agent(services, broker, tmp_path)
    kid = services.settings.kiosk.id
    watcher.publish(f"kiosk/{kid}/config/desired", {"version": 7, "config": {"ui.idle_timeout_s": 120}}, retain=True)
    reported = watcher.wait_for(f"kiosk/{kid}/config/reported", lambda b: b["version"] == 7)
    assert reported["applied"] == {"ui.idle_timeout_s": 120} and not reported["error"]
    assert services.settings.ui.idle_timeout_s == 120
    watcher.publish(f"kiosk/{kid}/config/desired", {"version": 8, "config": {"platform.secret": "x"}}, retain=True)
    refused = watcher.wait_for(f"kiosk/{kid}/config/reported", lambda b: b["version"] == 8)
    assert "not changeable remotely: platform.secret" in refused["error"]
    watcher.publish(f"kiosk/{kid}/config/desired", {"version": 9, "config": {"ui.idle_timeout_s": 1}}, retain=True)
    assert (
        "greater than or equal to 10"
        in watcher.wait_for(f"kiosk/{kid}/config/reported", lambda b: b["version"] == 9)["error"]
    )
    assert services.settings.ui.idle_timeout_s == 120 and services.settings.platform.secret != "x"
    watcher.publish(f"kiosk/hall/{services.settings.fleet.hall}/config/desired", {"devices.speech.volume": 40})
    watcher.wait_for(f"kiosk/{kid}/config/reported", lambda b: b["applied"] == {"devices.speech.volume": 40})
    agent.stop()
    watcher.close()


def test_commands_run_once_and_bad_ones_get_an_error(broker: int, services: Any, tmp_path: Path) -> None:  # noqa: ANN401
    watcher = Watcher(broker)
    agent = _agent(services, broker, tmp_path)
    kid = services.settings.kiosk.id
    outbox = services.sync.outbox
    item = outbox.put(application(1)).id
    outbox.claim()
    outbox.mark_failed(item, "for the test")
    watcher.publish(f"kiosk/{kid}/cmd/c-1", {"command": "retry_failed"})
    first = watcher.wait_for(f"kiosk/{kid}/reply/c-1")
    assert first["ok"] and first["result"] == {"requeued": 1}
    outbox.claim()
    outbox.mark_failed(item, "failed again")
    watcher.publish(f"kiosk/{kid}/cmd/c-1", {"command": "retry_failed"})  # QoS 1 redelivery: same id
    time.sleep(1.0)
    replies = [json.loads(p) for t, p, _r in watcher.messages if t == f"kiosk/{kid}/reply/c-1"]
    assert len(replies) == 2 and replies[1] == first and outbox.find(item).state == "failed"  # ran once
    watcher.publish(f"kiosk/{kid}/cmd/c-2", {"command": "format_disk"})
    assert "unknown command 'format_disk'" in watcher.wait_for(f"kiosk/{kid}/reply/c-2")["error"]
    watcher.client.publish(f"kiosk/{kid}/cmd/c-3", b"\xff not json", qos=1)
    assert watcher.wait_for(f"kiosk/{kid}/reply/c-3")["error"] == "the command is not JSON"
    watcher.publish(f"kiosk/{kid}/cmd/c-4", {"command": "self_test"})
    assert watcher.wait_for(f"kiosk/{kid}/reply/c-4")["result"]["devices"]["printer"] == "ready"
    services.session.start("apply")  # a citizen is at the kiosk
    watcher.publish(f"kiosk/{kid}/cmd/c-5", {"command": "restart"})
    refused = watcher.wait_for(f"kiosk/{kid}/reply/c-5")
    assert not refused["ok"] and "citizen" in refused["error"] and services.exit_code == 0
    services.session.end("test")
    agent.stop()
    watcher.close()


def test_acl_keeps_each_kiosk_to_its_own_topics(broker: int) -> None:
    manager = Watcher(broker)
    kiosk_a = Watcher(broker, user="KIOSK-A", topic="kiosk/KIOSK-B/cmd/#")  # may not read B's orders
    kiosk_a.publish("kiosk/KIOSK-B/health", {"forged": True})  # may not speak as B
    kiosk_a.publish("kiosk/KIOSK-A/health", {"own": True})
    manager.publish("kiosk/KIOSK-B/cmd/x-1", {"command": "restart"})
    assert manager.wait_for("kiosk/KIOSK-A/health") == {"own": True}
    time.sleep(0.5)
    topics = [t for t, _p, _r in manager.messages]
    assert "kiosk/KIOSK-B/health" not in topics
    assert not [t for t, _p, _r in kiosk_a.messages if t.startswith("kiosk/KIOSK-B/")]
    manager.close()
    kiosk_a.close()


def test_thingsboard_mode_speaks_the_device_api(open_broker: int, services: Any, tmp_path: Path) -> None:  # noqa: ANN401
    services.settings.fleet.mode = "thingsboard"
    watcher = Watcher(open_broker, topic="v1/devices/me/#")
    agent = _agent(services, open_broker, tmp_path)
    telemetry = watcher.wait_for("v1/devices/me/telemetry", lambda b: "outbox_depth" in b)
    assert telemetry["kiosk_id"] == services.settings.kiosk.id
    watcher.publish("v1/devices/me/rpc/request/42", {"method": "self_test", "params": {}})
    assert watcher.wait_for("v1/devices/me/rpc/response/42")["ok"]
    watcher.publish("v1/devices/me/attributes", {"ui.idle_timeout_s": 100})  # a shared attribute update
    assert watcher.wait_for("v1/devices/me/attributes", lambda b: b.get("applied"))["applied"] == {
        "ui.idle_timeout_s": 100
    }
    agent.stop()
    watcher.close()

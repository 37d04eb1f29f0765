"""Fleet on a local broker (DESIGN.md §9): N simulated kiosks (paho clients, a few processes, no threads)
report to Debian's Mosquitto while one hall dashboard view subscribes; prints reports/s, dashboard update
latency p50/p99, broker CPU, and what a province of 5,000 kiosks at one report a minute needs.

    .venv/bin/python benchmarks/fleet.py [--kiosks 1000] [--processes 4] [--seconds 20] [--rate 1.0]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from kiosk.fleet.hall_view import HallView

REPORT = {"devices": {"idcard": "ready", "camera": "ready", "printer": "ready"}, "paper": "ok", "outbox_depth": 0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _kiosks(port: int, first: int, count: int, seconds: float, rate: float, ready: object, go: object) -> None:
    """``count`` kiosks in one process: connect all, then each reports ``rate`` times a second."""
    clients = []
    for n in range(first, first + count):
        c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"SIM-{n:05d}")
        c.username_pw_set(f"SIM-{n:05d}")
        c.connect("127.0.0.1", port, keepalive=60)
        clients.append((n, c))
    for _ in range(50):
        for _n, c in clients:
            c.loop(timeout=0)
    ready.put(count)  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    end = time.monotonic() + seconds
    next_at = time.monotonic()
    while time.monotonic() < end:
        for n, c in clients:
            body = dict(REPORT, kiosk_id=f"SIM-{n:05d}", sent_at=time.time())
            c.publish(f"kiosk/SIM-{n:05d}/health", json.dumps(body), qos=0)
            c.loop(timeout=0)
        next_at += 1.0 / rate
        time.sleep(max(0.0, next_at - time.monotonic()))
    for _n, c in clients:
        c.disconnect()


def main() -> None:
    """Run the simulation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=1.0, help="reports per second per kiosk (stress)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.kiosks)), hard))
    port = _free_port()
    tmp = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    (tmp / "m.conf").write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\n")
    broker = subprocess.Popen([shutil.which("mosquitto") or "/usr/sbin/mosquitto", "-c", str(tmp / "m.conf")],
                              stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(0.5)
    view = HallView()
    latencies: list[float] = []
    received = [0]
    lock = threading.Lock()

    def on_message(_c: object, _u: object, m: mqtt.MQTTMessage) -> None:
        view.on_message(m.topic, bytes(m.payload))
        sent = json.loads(m.payload).get("sent_at")
        with lock:
            received[0] += 1
            if sent:
                latencies.append(time.time() - sent)

    board = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="hall-dashboard-bench")
    board.on_message = on_message
    board.connect("127.0.0.1", port)
    board.subscribe("kiosk/#")
    board.loop_start()
    ctx = multiprocessing.get_context("fork")
    ready, go = ctx.Queue(), ctx.Event()
    per = args.kiosks // args.processes
    procs = [
        ctx.Process(target=_kiosks, args=(port, i * per, per, args.seconds, args.rate, ready, go))
        for i in range(args.processes)
    ]
    for p in procs:
        p.start()
    connected = sum(ready.get(timeout=120) for _ in procs)
    cpu0, t0 = _cpu_s(broker.pid), time.monotonic()
    go.set()
    for p in procs:
        p.join()
    time.sleep(1.0)
    elapsed, cpu = time.monotonic() - t0, _cpu_s(broker.pid) - cpu0
    board.loop_stop()
    broker.terminate()
    broker.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    rate = received[0] / elapsed
    lat = sorted(latencies)
    p99 = lat[int(len(lat) * 0.99)] * 1000 if lat else float("nan")
    print(f"{connected} simulated kiosks in {args.processes} processes, {args.seconds:g} s at {args.rate:g}/s each")
    print(f"reports received by the dashboard view: {received[0]} ({rate:.0f}/s); kiosks seen: {len(view.rows())}")
    print(f"dashboard update latency: p50 {statistics.median(lat) * 1000:.1f} ms, p99 {p99:.1f} ms")
    print(f"broker CPU: {cpu:.1f} s over {elapsed:.1f} s = {100 * cpu / elapsed:.0f} % of one core")
    need = 5000 / 60
    print(
        f"a province of 5,000 kiosks at one report a minute sends {need:.0f} reports/s: "
        f"{rate / need:.0f}x below what one broker took here, at about "
        f"{100 * cpu / elapsed * need / max(rate, 1):.1f} % of one core"
    )


if __name__ == "__main__":
    main()

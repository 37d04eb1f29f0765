"""Outbox drain under faults (DESIGN.md §9): 200 applications × 2 pages to the reference platform on
loopback with 500/503/429 errors and lost answers, default settings; once undisturbed, once with the sync
process SIGKILLed every 0.5–3 s. Exactly-once is checked from the platform's own records.

    .venv/bin/python benchmarks/outbox_faults.py [--count 200] [--faults SPEC] [--skip-kill]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAULTS = "500=0.1,503=0.1,429=0.1,drop_after=0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "KIOSK__KIOSK__DATA_DIR": str(data),
        "KIOSK__PLATFORM__BASE_URL": f"http://127.0.0.1:{port}",
        "KIOSK__PLATFORM__EMBEDDED": "false",
        "KIOSK__LOGGING__LEVEL": "ERROR",
        "KIOSK__LOGGING__TO_FILE": "false",
    }


def _kiosk(*argv: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *argv]


def _serve(db: Path, port: int, faults: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        _kiosk("platform", "serve", "--port", str(port), "--db", str(db), "--faults", faults, "--case-step", "0"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    raise SystemExit("the reference platform did not start")


def _queue(data: Path, count: int) -> set[str]:
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.rehearsal import rehearsal_applications

    box = Outbox.open(data)
    try:
        return {box.put(app).local_ref for app in rehearsal_applications(count, with_signature_and_face=False)}
    finally:
        box.close()


def _waiting(data: Path) -> int:
    from kiosk.sync.outbox import Outbox

    box = Outbox.open(data, recover=False)
    try:
        return box.depth().waiting
    finally:
        box.close()


def _check(db: Path, refs: set[str]) -> tuple[int, int]:
    """(lost, duplicated) from the platform's own case records."""
    from kiosk.platform.store import PlatformStore

    store = PlatformStore(db)
    try:
        per_ref = Counter(c["local_ref"] for c in store.cases())
    finally:
        store.close()
    return sum(1 for r in refs if per_ref[r] == 0), sum(n - 1 for r, n in per_ref.items() if r in refs and n > 1)


def _requests_per_application(tmp: Path, count: int) -> float:
    """Requests the client sends per application when nothing fails (no faults), counted at the client."""
    from kiosk.settings import load_settings
    from kiosk.sync.client import PlatformClient
    from kiosk.sync.drain import drain
    from kiosk.sync.runtime import open_sync

    data, port = tmp / "clean", _free_port()
    env = _env(data, port)
    server = _serve(tmp / "clean.sqlite3", port, "", env)
    sent = Counter[str]()
    original = PlatformClient._send

    def counting(self, method, path, *args, **kwargs):  # noqa: ANN001, ANN202 - a thin wrapper
        sent[method] += 1
        return original(self, method, path, *args, **kwargs)

    PlatformClient._send = counting  # type: ignore[method-assign]
    try:
        _queue(data, count)
        settings = load_settings(environ={k: v for k, v in env.items() if k.startswith("KIOSK__")})
        runtime = open_sync(settings)
        drain(runtime.worker, until_empty=True, max_s=120)
        runtime.stop()
    finally:
        PlatformClient._send = original  # type: ignore[method-assign]
        server.terminate()
        server.wait()
    print(f"requests per application, no faults: {sum(sent.values()) / count:.2f} ({dict(sent)})")
    return sum(sent.values()) / count


def _drain_once(tmp: Path, count: int, faults: str) -> None:
    data, port = tmp / "plain", _free_port()
    env = _env(data, port)
    server = _serve(tmp / "plain.sqlite3", port, faults, env)
    try:
        refs = _queue(data, count)
        t0 = time.perf_counter()
        result = subprocess.run(_kiosk("sync", "run", "--until-empty", "--max-s", "600"), env=env, check=False)
        took = time.perf_counter() - t0
        lost, dup = _check(tmp / "plain.sqlite3", refs)
    finally:
        server.terminate()
        server.wait()
    print(
        f"drain {count} applications x 2 pages under '{faults}', default settings: {took:.1f} s "
        f"(target <= 120 s; exit {result.returncode}); lost {lost}, duplicated {dup}"
    )


def _drain_with_kills(tmp: Path, count: int, faults: str, seed: int) -> None:
    rng = random.Random(seed)
    data, port = tmp / "killed", _free_port()
    env = _env(data, port)
    server = _serve(tmp / "killed.sqlite3", port, faults, env)
    kills = 0
    try:
        refs = _queue(data, count)
        t0 = time.perf_counter()
        while _waiting(data) and time.perf_counter() - t0 < 900:
            proc = subprocess.Popen(_kiosk("sync", "run", "--until-empty"), env=env, stdout=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0.5, 3.0))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
        took = time.perf_counter() - t0
        lost, dup = _check(tmp / "killed.sqlite3", refs)
    finally:
        server.terminate()
        server.wait()
    print(
        f"drain {count} applications x 2 pages under '{faults}' with the sync process SIGKILLed every "
        f"0.5-3 s ({kills} kills): {took:.1f} s (target <= 300 s); lost {lost}, duplicated {dup}"
    )


def main() -> None:
    """Run the three measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--faults", default=FAULTS)
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="outbox-faults-") as name:
        tmp = Path(name)
        _requests_per_application(tmp, min(args.count, 20))
        _drain_once(tmp, args.count, args.faults)
        if not args.skip_kill:
            _drain_with_kills(tmp, args.count, args.faults, args.seed)


if __name__ == "__main__":
    main()

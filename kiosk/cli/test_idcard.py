"""Wait for one ID card (or social security card) and print the identity read from it.

Exit codes: 0 a card was read, 2 no card came within ``--timeout``, 3 a device error (message on
stderr), 78 the configuration (or the options given) is invalid. ``--json`` prints every field of the
identity; photos appear as their length and sha256, never as raw bytes.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import queue
import sys
import time
from dataclasses import fields
from datetime import date
from typing import Any

from pydantic import ValidationError

from devices import registry
from devices.base import CardError, CardRead, DeviceEvent, DeviceState, StatusChanged
from devices.errors import DeviceError
from devices.idcard.simulated import SimulatedIdCardReader
from devices.identity import Identity
from kiosk.cli.common import EXIT_CONFIG, settings_or_exit
from kiosk.settings.idcard import IdCardSection

EXIT_READ = 0
EXIT_NO_CARD = 2
EXIT_DEVICE = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--backend samv --port P [--baud B]`` or ``--backend pcsc [--reader NAME]``, ``--timeout``, ``--json``."""
    parser.add_argument(
        "--backend", choices=registry.backend_names("idcard"), help="reader backend (default: the configured one)"
    )
    parser.add_argument("--port", help="samv: serial port, e.g. /dev/ttyUSB0")
    parser.add_argument("--baud", type=int, help="samv: baud rate (default 115200)")
    parser.add_argument("--reader", help="pcsc: reader name or part of it (default: the first reader)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a card (default 30)")
    parser.add_argument("--json", action="store_true", help="print the identity as JSON")
    parser.add_argument("--pin", help="pcsc: the 社保卡 PIN to present (otherwise asked on a terminal)")


def reader_section(args: argparse.Namespace) -> IdCardSection:
    """``[devices.idcard]`` with the command line's options applied (validated again)."""
    data = settings_or_exit(args).devices.idcard.model_dump()
    if args.backend and args.backend != data["backend"]:
        data.update(backend=args.backend, port="", reader="")
    for key in ("port", "baud", "reader"):
        if getattr(args, key, None) is not None:
            data[key] = getattr(args, key)
    try:
        return IdCardSection.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'idcard'}: {e['msg']}" for e in exc.errors())
        print(f"配置错误 / configuration error: {problems}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def _digest(data: bytes) -> dict[str, Any]:
    return {"length": len(data), "sha256": hashlib.sha256(data).hexdigest() if data else ""}


def identity_json(identity: Identity) -> dict[str, Any]:
    """Every field of ``identity`` as JSON-ready data (photos as length and sha256)."""
    out: dict[str, Any] = {}
    for f in fields(identity):
        value = getattr(identity, f.name)
        if isinstance(value, bytes):
            value = _digest(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        elif isinstance(value, dict):
            value = dict(value)
        out[f.name] = value
    return out


def _print_identity(identity: Identity, as_json: bool) -> None:
    data = identity_json(identity)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        if isinstance(value, dict) and "sha256" in value:
            value = f"{value['length']} bytes, sha256 {value['sha256'][:16]}…" if value["length"] else "-"
        print(f"{key}: {value}")


def _ask_pin(reader: Any, given: list[str]) -> bool:
    """Present the PIN of ``--pin`` (once), or ask the technician on a terminal; True when one was sent."""
    if not hasattr(reader, "submit_pin"):
        return False
    if given:
        return bool(reader.submit_pin(given.pop()))
    if not sys.stdin.isatty():
        return False
    pin = getpass.getpass("社保卡密码 / card PIN: ")
    return bool(pin) and reader.submit_pin(pin)


def wait_for_card(reader: Any, timeout: float, as_json: bool, pin: str | None = None) -> int:
    """Start ``reader``, wait for one card, print it; the exit code. A device fault on the way is only
    noted: the drivers recover by themselves at the next poll, so the timeout decides."""
    pins = [pin] if pin else []
    events: queue.Queue[DeviceEvent] = queue.Queue()
    reader.add_listener(events.put)
    reader.start()
    if isinstance(reader, SimulatedIdCardReader):
        print("simulated reader: placing sample card 0", file=sys.stderr)
        reader.place_sample(0)
    deadline = time.monotonic() + timeout
    first = True
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=min(left, 0.5))
        except queue.Empty:
            continue
        if isinstance(event, CardRead):
            _print_identity(event.identity, as_json)
            return EXIT_READ
        if isinstance(event, CardError):
            if event.kind in ("pin_required", "pin_wrong", "pin_invalid") and _ask_pin(reader, pins):
                print(event.reason, file=sys.stderr)
                continue
            print(f"读卡错误 / card error ({event.kind}): {event.reason}", file=sys.stderr)
            return EXIT_DEVICE
        if isinstance(event, StatusChanged):
            starting, first = first, False
            if not starting and event.status.state in (DeviceState.OFFLINE, DeviceState.DEGRADED):
                print(
                    f"设备暂时异常，继续等待 / device fault, still waiting: {event.status.state.value}: "
                    f"{event.status.reason}",
                    file=sys.stderr,
                )
    status = reader.status
    if status.state in (DeviceState.OFFLINE, DeviceState.DEGRADED):
        print(f"设备错误 / device error: {status.state.value}: {status.reason}", file=sys.stderr)
        return EXIT_DEVICE
    print(f"超时未读到卡 / no card within {timeout:g} s", file=sys.stderr)
    return EXIT_NO_CARD


def run(args: argparse.Namespace) -> int:
    """Build the reader from config plus options, wait for one card, print its identity."""
    section = reader_section(args)
    options = section.model_dump(exclude={"backend"})
    try:
        reader = registry.create("idcard", section.backend, name="idcard", **options)
    except DeviceError as exc:
        print(f"设备错误 / device error: {exc}", file=sys.stderr)
        return EXIT_DEVICE
    target = section.port if section.backend == "samv" else section.reader
    print(
        f"waiting for a card on {section.backend}{' ' + target if target else ''} (timeout {args.timeout:g} s)…",
        file=sys.stderr,
    )
    try:
        return wait_for_card(reader, args.timeout, args.json, getattr(args, "pin", None))
    finally:
        reader.stop()

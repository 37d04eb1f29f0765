"""ID card reader figures (DESIGN.md §9): host-side time per SAM read, CPU of the idle polling loop.

Run: ``.venv/bin/python benchmarks/idcard.py [--reads N] [--idle-seconds S]`` (about 45 s; the PC/SC
figure is measured only when pcscd runs).
Targets: host-side overhead beyond the bytes on the wire ≤ 20 ms per read; idle polling ≤ 1 % of a core.

The SAM module simulator runs in its own process on a pty, with no delay: a pty moves bytes at memory
speed, so the time a read takes here is what the host (driver, codec, decoders, and the simulator
itself, so the figure is pessimistic) adds on top of the wire time a real 115200-baud module needs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.idcard.identities import load_identities  # noqa: E402
from devices.idcard.sam_frame import decode_frames, encode_frame  # noqa: E402
from devices.idcard.sam_link import SamLink, wire_time  # noqa: E402
from devices.idcard.sam_protocol import (  # noqa: E402
    CardData,
    Reply,
    Sw3,
    encode_card_data,
    parse_card_data,
    parse_reply,
)
from devices.idcard.sam_session import SamSession  # noqa: E402
from devices.idcard.samv import SamvIdCardReader  # noqa: E402
from devices.idcard.text_block import decode_text_block, encode_text_block  # noqa: E402

BAUD = 115200
WIRE_BYTES = (10 + 15) + (10 + 19) + (10 + 1295)
"""find, select and read: command frames and reply frames, as on the wire."""


class Simulator:
    """The SAM simulator as a child process, driven through its console."""

    def __init__(self, port: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devices.idcard.sam_simulator", "--link", str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        self.port = self.process.stdout.readline().strip()

    def command(self, line: str) -> None:
        """Send one console command and wait for its 'ok'."""
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"simulator answered {answer!r} to {line!r}")

    def close(self) -> None:
        """Quit the simulator and wait for it."""
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(timeout=10)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def read_times(sim: Simulator, reads: int) -> list[float]:
    link = SamLink(sim.port, BAUD, reply_timeout_s=1.0)
    session = SamSession(link)
    session.check_sam()
    times = []
    try:
        for i in range(reads + 5):
            sim.command("place 0")
            start = time.perf_counter()
            if not session.find_card():
                raise RuntimeError("the simulator did not present the card")
            identity = session.read_identity()
            elapsed = time.perf_counter() - start
            if identity.name != "张伟":
                raise RuntimeError("wrong identity read")
            if i >= 5:
                times.append(elapsed)
    finally:
        link.close()
    return times


def decode_only_times(reads: int) -> list[float]:
    sample = load_identities()[0]
    frame = encode_frame(Reply(Sw3.OK, encode_card_data(CardData(encode_text_block(sample), sample.photo))).encode())
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        reply = parse_reply(decode_frames(frame)[0])
        decode_text_block(parse_card_data(reply.data).text)
        times.append(time.perf_counter() - start)
    return times


def idle_cpu(sim: Simulator, seconds: float) -> tuple[float, int]:
    sim.command("lift")
    reader = SamvIdCardReader(port=sim.port, baud=BAUD)
    reader.start()
    time.sleep(1.0)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    state = reader.status.state.value
    reader.stop()
    if state != "ready":
        raise RuntimeError(f"reader was {state} while idle")
    return cpu / wall, int(wall / reader.poll_interval_s)


def pcsc_idle_cpu(seconds: float) -> float | None:
    """CPU share of the PC/SC reader waiting for a card, or ``None`` when pcscd is not running."""
    from smartcard import scard

    from devices.idcard.pcsc import PcscIdCardReader

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return None
    scard.SCardReleaseContext(context)
    reader = PcscIdCardReader()
    reader.start()
    time.sleep(1.0)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    reader.stop()
    return cpu / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--pcsc-idle-seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulator(Path(tmp) / "ttySAM0")
        try:
            times = read_times(sim, args.reads)
            idle, polls = idle_cpu(sim, args.idle_seconds)
        finally:
            sim.close()
    decode = decode_only_times(args.reads)
    pcsc_idle = pcsc_idle_cpu(args.pcsc_idle_seconds)
    wire_ms = wire_time(WIRE_BYTES, BAUD) * 1000
    print(f"SAM read over a pty, simulator with zero delay ({len(times)} reads, find + select + read):")
    print(
        f"  host-side time per read: median {statistics.median(times) * 1000:.2f} ms, "
        f"p99 {percentile(times, 0.99) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms  (target ≤ 20 ms)"
    )
    print(f"  of which frame + text block decoding: median {statistics.median(decode) * 1000:.3f} ms")
    print(f"  bytes on the wire per read: {WIRE_BYTES} = {wire_ms:.1f} ms at {BAUD} baud (added by a real module)")
    print(f"idle polling (no card, poll every 0.3 s, ~{polls} polls over {args.idle_seconds:g} s):")
    print(f"  CPU used: {idle * 100:.3f} % of one core  (target ≤ 1 %)")
    if pcsc_idle is None:
        print("PC/SC idle: skipped (pcscd is not running)")
    else:
        print(
            f"PC/SC reader waiting for a card ({args.pcsc_idle_seconds:g} s): CPU used "
            f"{pcsc_idle * 100:.3f} % of one core"
        )
    ok = percentile(times, 0.99) <= 0.020 and idle <= 0.01 and (pcsc_idle or 0) <= 0.01
    print("result:", "within targets" if ok else "OUTSIDE TARGETS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""SAM module simulator served on a pty, so the real serial driver and codec run against it.

The port is a symlink (like udev's ``/dev/serial/by-id/…``) that :meth:`PtySamSimulator.unplug` removes
and :meth:`PtySamSimulator.replug` points at a fresh pty, as a USB-serial reader pulled out and put
back. Technicians run it by hand too::

    python -m devices.idcard.sam_simulator --link /tmp/ttySAM0 --card 0

then type ``place N``, ``lift``, ``fault NAME [TIMES]``, ``clear``, ``unplug``, ``replug`` or ``quit``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import sys
import tempfile
import threading
import time
import tty
from pathlib import Path

from devices.idcard.identities import load_identities
from devices.idcard.sam_frame import FrameDecoder, FrameError
from devices.idcard.sam_module import SamFault, SamModule


class PtySamSimulator:
    """Serve a :class:`SamModule` on a pty reachable at :attr:`port` (a symlink to the pty)."""

    def __init__(self, module: SamModule | None = None, link: str | Path | None = None) -> None:
        self.module = module or SamModule()
        self._own_dir = None if link else tempfile.mkdtemp(prefix="samsim-")
        self.port = str(link or Path(self._own_dir or ".", "ttySAM0"))
        self._fds: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def __enter__(self) -> PtySamSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Create the pty, link it at :attr:`port` and start serving."""
        self.replug()

    def replug(self) -> None:
        """Plug the 'device' (back) in: a fresh pty behind the same port path."""
        with self._lock:
            if self._fds is not None:
                return
            master, slave = os.openpty()
            tty.setraw(slave)
            self._fds = (master, slave)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.port)
            os.symlink(os.ttyname(slave), self.port)
            self._stop.clear()
            self._thread = threading.Thread(target=self._serve, args=(master,), name="sam-simulator", daemon=True)
            self._thread.start()

    def unplug(self) -> None:
        """Pull the 'device' out: the port path vanishes and an open port gets I/O errors."""
        with self._lock:
            fds, self._fds = self._fds, None
            thread, self._thread = self._thread, None
            self._stop.set()
        if thread is not None:
            thread.join(timeout=2)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.port)
        if fds is not None:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def stop(self) -> None:
        """Stop serving and remove the port (and the temporary directory it created)."""
        self.unplug()
        if self._own_dir:
            with contextlib.suppress(OSError):
                os.rmdir(self._own_dir)

    def _serve(self, master: int) -> None:
        decoder = FrameDecoder()
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([master], [], [], 0.1)
                if not ready:
                    continue
                decoder.feed(os.read(master, 4096))
            except OSError:
                time.sleep(0.05)
                continue
            while True:
                try:
                    payload = decoder.next_payload()
                except FrameError as exc:
                    self._send(master, self.module.handle_frame_error(exc), False)
                    continue
                if payload is None:
                    break
                self._send(master, self.module.handle(payload), self.module.slow)

    def _send(self, master: int, data: bytes, slow: bool) -> None:
        chunk = self.module.slow_chunk if slow else len(data)
        view = memoryview(data)
        try:
            while view and not self._stop.is_set():
                written = os.write(master, view[:chunk])
                view = view[written:]
                if slow and view:
                    time.sleep(self.module.slow_pause_s)
        except OSError:
            pass


def _console(sim: PtySamSimulator, identities: list) -> None:
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd == "place":
                sim.module.place(identities[int(args[0]) if args else 0])
            elif cmd == "lift":
                sim.module.lift()
            elif cmd == "fault":
                sim.module.inject(SamFault(args[0]), int(args[1]) if len(args) > 1 else -1, swap_to=identities[-1])
            elif cmd == "clear":
                sim.module.clear_faults()
            elif cmd == "unplug":
                sim.unplug()
            elif cmd == "replug":
                sim.replug()
            elif cmd == "quit":
                return
            else:
                print(f"unknown command {cmd!r}", flush=True)
                continue
            print("ok", flush=True)
        except (ValueError, IndexError) as exc:
            print(f"error: {exc}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until ``quit`` or end of input; prints the port path first."""
    parser = argparse.ArgumentParser(description="SAM module (resident ID card reader) simulator on a pty")
    parser.add_argument("--link", help="port path to create (default: a temporary directory)")
    parser.add_argument("--identities", help="JSON file of identities (default: bundled samples)")
    parser.add_argument("--card", type=int, help="place identity number CARD at start")
    parser.add_argument("--fault", choices=[f.value for f in SamFault], action="append", default=[])
    args = parser.parse_args(argv)
    identities = load_identities(args.identities)
    sim = PtySamSimulator(link=args.link)
    for fault in args.fault:
        sim.module.inject(SamFault(fault), swap_to=identities[-1])
    if args.card is not None:
        sim.module.place(identities[args.card])
    with sim:
        print(sim.port, flush=True)
        try:
            _console(sim, identities)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

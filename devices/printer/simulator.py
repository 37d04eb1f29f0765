"""A receipt printer simulator: records jobs and answers ``DLE EOT`` from a state you can change.

The protocol half (:class:`PrinterEngine`) is fed bytes and returns the bytes a printer would answer;
:class:`TcpPrinterSimulator` serves it on a TCP port (like a printer's port 9100) and
:class:`PtyPrinterSimulator` on a pseudo-terminal (like a serial printer). Faults: offline, paper near
end or out, paper running out or the line dropping after so many bytes of a job, no status replies.
Technicians run it with ``kiosk devices test printer --backend simulated``.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import struct
import threading
import tty
from dataclasses import dataclass, field

from devices.printer.escpos_stream import next_command
from devices.printer.status import Paper, online_byte, paper_byte

STATES = ("ok", "near_end", "out", "offline", "disconnect", "paper_runs_out", "no_status")


@dataclass
class SimState:
    """What the simulated printer reports and which fault it injects."""

    online: bool = True
    paper: Paper = Paper.OK
    answers_status: bool = True
    disconnect_after: int | None = None
    """Drop the connection after this many bytes of a job (a cable pulled mid-job)."""
    paper_out_after: int | None = None
    """The paper runs out after this many bytes of a job."""

    @classmethod
    def named(cls, name: str) -> SimState:
        """A preset: ok, near_end, out, offline, disconnect, paper_runs_out, no_status."""
        presets = {
            "ok": cls(),
            "near_end": cls(paper=Paper.NEAR_END),
            "out": cls(paper=Paper.OUT),
            "offline": cls(online=False),
            "disconnect": cls(disconnect_after=64),
            "paper_runs_out": cls(paper_out_after=64),
            "no_status": cls(answers_status=False),
        }
        try:
            return presets[name]
        except KeyError:
            raise ValueError(f"unknown simulator state {name!r}; allowed: {', '.join(STATES)}") from None


@dataclass
class SimJob:
    """The bytes of one job (from ``ESC @`` to the next, or to the end of the connection)."""

    data: bytearray = field(default_factory=bytearray)
    complete: bool = False
    printed: bool = False
    """Whole job received while online with paper: a receipt came out."""


class Disconnect(Exception):
    """The engine wants the line dropped now (fault injection)."""


class PrinterEngine:
    """The protocol: split the stream into commands, answer status queries, cut it into jobs."""

    def __init__(self, state: SimState | None = None) -> None:
        self.state = state or SimState()
        self.jobs: list[SimJob] = []
        self.status_queries = 0
        self._buf = bytearray()
        self._job: SimJob | None = None
        self._job_ok = True
        self._lock = threading.Lock()

    def _close_job(self, complete: bool) -> None:
        if self._job is not None and self._job.data:
            self._job.complete = complete
            self._job.printed = complete and self._job_ok
            self.jobs.append(self._job)
        self._job = None
        self._job_ok = True

    def feed(self, chunk: bytes) -> bytes:
        """Take bytes from the host; return the reply bytes. Raises :class:`Disconnect` on that fault."""
        with self._lock:
            self._buf += chunk
            replies = bytearray()
            i = 0
            while True:
                found = next_command(self._buf, i)
                if found is None:
                    break
                command, end = found
                raw = bytes(self._buf[i:end])
                i = end
                if command.name == "DLE 0x04":
                    self.status_queries += 1
                    self._close_job(complete=True)  # the host asks after a job: that job is over
                    if self.state.answers_status:
                        which = command.params[:1]
                        byte = online_byte(self.state.online) if which == b"\x01" else paper_byte(self.state.paper)
                        replies.append(byte)
                    continue
                if command.name == "ESC @":
                    self._close_job(complete=True)
                if self._job is None:
                    self._job = SimJob()
                self._job.data += raw
                self._check_faults()
            del self._buf[:i]
            return bytes(replies)

    def _check_faults(self) -> None:
        assert self._job is not None
        if not self.state.online or self.state.paper is Paper.OUT:
            self._job_ok = False
        size = len(self._job.data)
        if self.state.paper_out_after is not None and size >= self.state.paper_out_after:
            self.state.paper = Paper.OUT
            self.state.paper_out_after = None
            self._job_ok = False
        if self.state.disconnect_after is not None and size >= self.state.disconnect_after:
            self.state.disconnect_after = None
            raise Disconnect

    def end_of_connection(self, clean: bool) -> None:
        """The host closed the line (``clean``) or it was dropped."""
        with self._lock:
            self._close_job(complete=clean)
            self._buf.clear()

    @property
    def printed_jobs(self) -> list[bytes]:
        """The bytes of every job that came out of the printer whole."""
        with self._lock:
            return [bytes(job.data) for job in self.jobs if job.printed]


class TcpPrinterSimulator:
    """Serves a :class:`PrinterEngine` on ``127.0.0.1:port`` (0: any free port), one thread per client."""

    def __init__(self, state: SimState | str | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.engine = PrinterEngine(SimState.named(state) if isinstance(state, str) else state)
        self._server = socket.create_server((host, port))
        self.host, self.port = self._server.getsockname()[:2]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept, name="printer-sim-accept", daemon=True)

    @property
    def state(self) -> SimState:
        """The state the simulator answers from (change it freely)."""
        return self.engine.state

    def start(self) -> TcpPrinterSimulator:
        """Start accepting connections."""
        self._accept_thread.start()
        return self

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._server], [], [], 0.1)
                if not ready:
                    continue
                conn, _ = self._server.accept()
            except (OSError, ValueError):  # the server socket was closed by stop()
                return
            thread = threading.Thread(target=self._serve, args=(conn,), name="printer-sim-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        clean = True
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while not self._stop.is_set():
                ready, _, _ = select.select([conn], [], [], 0.1)
                if not ready:
                    continue
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    clean = False
                    break
                if not chunk:
                    break
                try:
                    reply = self.engine.feed(chunk)
                except Disconnect:
                    # RST instead of FIN, as when a cable is pulled: the host sees a reset.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    clean = False
                    break
                if reply:
                    with contextlib.suppress(OSError):
                        conn.sendall(reply)
            # Recorded before the socket closes, so the host never sees the close before the record.
            self.engine.end_of_connection(clean)

    def stop(self) -> None:
        """Stop serving and wait for the connection threads."""
        self._stop.set()
        if self._accept_thread.is_alive():
            self._accept_thread.join(2)
        self._server.close()
        for thread in self._threads:
            thread.join(2)

    def __enter__(self) -> TcpPrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class PtyPrinterSimulator:
    """Serves a :class:`PrinterEngine` on a pseudo-terminal; open :attr:`port` like a serial printer."""

    def __init__(self, state: SimState | str | None = None) -> None:
        self.engine = PrinterEngine(SimState.named(state) if isinstance(state, str) else state)
        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="printer-sim-pty", daemon=True)

    @property
    def state(self) -> SimState:
        """The state the simulator answers from (change it freely)."""
        return self.engine.state

    def start(self) -> PtyPrinterSimulator:
        """Start answering on the pty."""
        self._thread.start()
        return self

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                break
            try:
                reply = self.engine.feed(chunk)
            except Disconnect:
                # A serial line cannot be "dropped": the printer goes silent, as when its cable is pulled.
                self.engine.end_of_connection(clean=False)
                self.engine.state.answers_status = False
                continue
            if reply:
                os.write(self._master, reply)

    def stop(self) -> None:
        """Stop the thread and close the pty."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)
        self.engine.end_of_connection(clean=True)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> PtyPrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

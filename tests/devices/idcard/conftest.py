"""Fixtures for the ID card tests: the SAM simulator on a pty, a real pcscd with vpcd, a virtual card."""

from __future__ import annotations

import queue
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.base import DeviceEvent
from devices.idcard.identities import load_identities
from devices.idcard.sam_simulator import PtySamSimulator
from devices.identity import Identity

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VPCD_READER = "Virtual PCD 00 00"


class Events:
    """Collects a device's events (from its thread) and waits for the ones a test expects."""

    def __init__(self) -> None:
        self.seen: list[DeviceEvent] = []
        self._queue: queue.Queue[DeviceEvent] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        self._queue.put(event)

    def wait_for(self, match: Callable[[DeviceEvent], bool], timeout: float = 8.0) -> DeviceEvent:
        """The first new event that ``match``es; fails the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self._queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            if match(event):
                return event
        raise AssertionError(f"no matching event within {timeout} s; seen: {self.seen}")

    def during(self, seconds: float) -> list[DeviceEvent]:
        """Every event arriving within the next ``seconds``."""
        deadline = time.monotonic() + seconds
        got = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self._queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            got.append(event)
        return got


@pytest.fixture
def events() -> Events:
    """A fresh event collector; add it to a device with ``add_listener(events)``."""
    return Events()


@pytest.fixture(scope="session")
def samples() -> list[Identity]:
    """The bundled fictitious identities (resident, long-term, J, I, Y, social security, bad check digit)."""
    return load_identities()


@pytest.fixture
def sam_sim() -> Iterator[PtySamSimulator]:
    """A SAM module simulator serving a pty behind a symlinked port path."""
    sim = PtySamSimulator()
    sim.start()
    yield sim
    sim.stop()


def _service_up() -> bool:
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    scard.SCardReleaseContext(context)
    return True


def _vpcd_ready() -> bool:
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return hresult == scard.SCARD_S_SUCCESS and VPCD_READER in readers
    finally:
        scard.SCardReleaseContext(context)


SYSTEMD_UNITS = ("pcscd.socket", "pcscd.service")


def _systemd_manages_pcscd() -> bool:
    """True where systemd runs pcscd and this process may stop and start it (root on a systemd host)."""
    import os

    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None and os.geteuid() == 0


def _wait(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"pcscd: timed out waiting until {what}")


class Pcscd:
    """The pcscd the tests use: started here when none runs (then :attr:`owned`), or the system's one,
    stopped and started through systemd where systemd manages it (then :attr:`system`)."""

    def __init__(self) -> None:
        self.owned = False
        self.system = False
        self.process: subprocess.Popen | None = None

    @property
    def restartable(self) -> bool:
        """True when the tests may take pcscd away and bring it back."""
        return self.owned or self.system

    def start(self) -> None:
        """Start pcscd (in the foreground, or its systemd units) and wait until the vpcd readers appear."""
        if self.system:
            subprocess.run(["systemctl", "start", *SYSTEMD_UNITS], check=True, timeout=30)
        else:
            self.process = subprocess.Popen(
                [shutil.which("pcscd") or "pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            self.owned = True
        _wait(_vpcd_ready, "the vpcd readers appear")

    def stop(self) -> None:
        """Stop pcscd (the one started here, or the system's units) and wait until it is gone."""
        if self.system:
            subprocess.run(["systemctl", "stop", *SYSTEMD_UNITS], check=True, timeout=30)
            _wait(lambda: not _service_up(), "pcscd is gone")
            return
        process, self.process = self.process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    """A running pcscd with the vsmartcard-vpcd readers; skips only when the packages are missing."""
    try:
        import smartcard.scard  # noqa: F401
    except ImportError:
        pytest.skip("pyscard is not installed")
    if shutil.which("pcscd") is None or not VPCD_DRIVER.exists():
        pytest.skip("pcscd or vsmartcard-vpcd is not installed (apt-get install pcscd vsmartcard-vpcd)")
    daemon = Pcscd()
    if _service_up():
        if not _vpcd_ready():
            pytest.fail("a pcscd is running without the vsmartcard-vpcd readers; restart it")
        daemon.system = _systemd_manages_pcscd()
    else:
        daemon.start()
    yield daemon
    if daemon.owned:
        daemon.stop()


@pytest.fixture
def virtual_card(pcscd: Pcscd) -> Iterator:
    """The card side of 'Virtual PCD 00 00'; removed after the test."""
    from devices.idcard.virtual_sscard import VirtualCard

    card = VirtualCard()
    yield card
    card.remove()
    wait_reader_empty()


def wait_reader_empty(timeout_s: float = 5.0) -> None:
    """Wait until pcscd has noticed that the virtual card left (it polls about every 0.4 s)."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return
    try:
        deadline = time.monotonic() + timeout_s
        state = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hresult, states = scard.SCardGetStatusChange(context, 500, [(VPCD_READER, state)])
            if hresult == scard.SCARD_S_SUCCESS:
                state = states[0][1] & ~scard.SCARD_STATE_CHANGED
                if state & scard.SCARD_STATE_EMPTY:
                    return
            elif hresult != scard.SCARD_E_TIMEOUT:
                return
    finally:
        scard.SCardReleaseContext(context)

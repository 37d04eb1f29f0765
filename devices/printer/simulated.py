"""The simulated printer: the real network driver talking to an in-process TCP printer simulator.

Nothing is mocked: jobs go out as ESC/POS bytes over a loopback socket and the status is read with
``DLE EOT``, exactly as with a printer on port 9100. ``state`` picks a fault (see
``devices.printer.simulator.STATES``); the jobs that came out are in :attr:`printed_jobs`.
"""

from __future__ import annotations

from typing import Any

from devices.printer.backends.network import NetworkPrinter
from devices.printer.simulator import SimState, TcpPrinterSimulator


class SimulatedPrinter(NetworkPrinter):
    """A network printer whose other end is a :class:`TcpPrinterSimulator` started with the device."""

    backend_label = "simulated printer"

    def __init__(self, name: str | None = None, *, simulated_state: str = "ok", **options: Any) -> None:
        for key in ("host", "port"):
            options.pop(key, None)  # the simulator picks a free loopback port
        options.setdefault("timeout_s", 2.0)
        super().__init__(name, host="127.0.0.1", port=0, **options)
        self.simulator = TcpPrinterSimulator(SimState.named(simulated_state))
        self.port = self.simulator.port
        self._serving = False

    @property
    def printed_jobs(self) -> list[bytes]:
        """Bytes of every job the simulated printer printed whole."""
        return self.simulator.engine.printed_jobs

    def start(self) -> None:
        """Start the simulator, then read the status like any printer."""
        if not self._serving:
            self.simulator.start()
            self._serving = True
        super().start()

    def stop(self) -> None:
        """Stop the simulator."""
        if self._serving:
            self.simulator.stop()
            self._serving = False
        super().stop()

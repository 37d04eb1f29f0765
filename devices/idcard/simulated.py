"""In-process simulated ID card reader: a technician or test 'places' a card by calling a method."""

from __future__ import annotations

from devices.base import CardRead, CardRemoved, DeviceState, IdCardReader
from devices.identity import Identity


class SimulatedIdCardReader(IdCardReader):
    """Reader with no hardware: :meth:`place` publishes a card read, :meth:`lift` its removal."""

    def __init__(self, name: str | None = None, **_options: object) -> None:
        super().__init__(name)
        self._card: Identity | None = None

    def place(self, identity: Identity) -> None:
        """Simulate a card put on the reader and read successfully."""
        self._card = identity
        self.publish(CardRead(self.name, identity))

    def lift(self) -> None:
        """Simulate the card being taken away."""
        if self._card is not None:
            self._card = None
            self.publish(CardRemoved(self.name))

    def start(self) -> None:
        """Ready at once: there is nothing to open."""
        self.set_status(DeviceState.READY)

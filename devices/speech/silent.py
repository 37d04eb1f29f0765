"""Silent speaker for tests and quiet halls: remembers what it was asked to say."""

from __future__ import annotations

from devices.base import DeviceState, Speaker


class SilentSpeaker(Speaker):
    """Says nothing; ``spoken`` lists ``(language, text)`` for tests."""

    def __init__(self, name: str | None = None, volume: int = 80, **_options: object) -> None:
        super().__init__(name)
        self.volume = volume
        self.spoken: list[tuple[str, str]] = []

    def start(self) -> None:
        """Ready at once."""
        self.set_status(DeviceState.READY)

    def say(self, text: str, language: str = "zh-CN") -> None:
        """Record the utterance."""
        self.spoken.append((language, text))
        if len(self.spoken) > 500:  # bounded: a kiosk runs for months
            del self.spoken[:-500]

    def stop_speaking(self) -> None:
        """Nothing to stop."""

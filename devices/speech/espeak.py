"""Spoken prompts through ``espeak-ng``: Mandarin voice for Chinese, English voice in English mode.

Each utterance is one ``espeak-ng`` process; a new one (or :meth:`stop_speaking`) ends the one before,
so prompts are interruptible and a changed screen never talks over itself. ``wav_dir`` makes it write
numbered WAV files instead of playing them (for technicians without speakers, and the tests).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import threading
from pathlib import Path

from devices.base import DeviceState, Speaker
from devices.errors import ConfigurationError

VOICES = {"zh-CN": "cmn", "en": "en"}


class EspeakSpeaker(Speaker):
    """Speaks with espeak-ng; volume 0-100 maps to espeak's amplitude 0-200."""

    def __init__(
        self, name: str | None = None, volume: int = 80, wav_dir: str = "", rate: int = 150, **_options: object
    ) -> None:
        super().__init__(name)
        if not 0 <= int(volume) <= 100:
            raise ConfigurationError(f"volume {volume} is outside 0-100", device="speech")
        self.volume = int(volume)
        self.rate = int(rate)
        self.wav_dir = Path(wav_dir) if wav_dir else None
        self._binary = shutil.which("espeak-ng")
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._count = itertools.count(1)
        self.last_wav: Path | None = None

    def start(self) -> None:
        """Ready when espeak-ng is installed; offline with the reason otherwise."""
        if self._binary is None:
            self.set_status(DeviceState.OFFLINE, "espeak-ng is not installed (apt-get install espeak-ng)")
        else:
            self.set_status(DeviceState.READY)

    def stop(self) -> None:
        """Stop speaking and go offline."""
        self.stop_speaking()
        super().stop()

    def say(self, text: str, language: str = "zh-CN") -> None:
        """Start speaking ``text`` (stopping what was being said); never blocks the caller."""
        if self._binary is None or not text.strip():
            return
        command = [self._binary, "-v", VOICES.get(language, "cmn"), "-a", str(self.volume * 2), "-s", str(self.rate)]
        if self.wav_dir is not None:
            self.wav_dir.mkdir(parents=True, exist_ok=True)
            self.last_wav = self.wav_dir / f"prompt-{next(self._count):04d}.wav"
            command += ["-w", str(self.last_wav)]
        command += ["--", text]
        with self._lock:
            self._stop_locked()
            try:
                self._process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            except OSError as exc:
                self.set_status(DeviceState.DEGRADED, f"espeak-ng could not start: {exc}")
                return
        self.set_status(DeviceState.READY)

    def set_volume(self, volume: int) -> None:
        """Change the volume (0-100) for the next utterance."""
        self.volume = max(0, min(100, int(volume)))

    def speaking(self) -> bool:
        """True while an utterance is still being spoken."""
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the current utterance to end (tests, and writing WAV files)."""
        with self._lock:
            process = self._process
        if process is not None:
            process.wait(timeout)

    def stop_speaking(self) -> None:
        """Cut the current utterance short."""
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(1.0)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None

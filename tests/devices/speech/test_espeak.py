"""espeak-ng speaks Chinese and English into WAV files; a new prompt interrupts the one before."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from devices import registry
from devices.base import DeviceState
from devices.errors import ConfigurationError

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def duration(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_chinese_and_english_prompts_make_sound(tmp_path: Path) -> None:
    speaker = registry.create("speech", "espeak", wav_dir=str(tmp_path), volume=60)
    speaker.start()
    assert speaker.status.state is DeviceState.READY
    speaker.say("欢迎使用政务服务自助终端，请点击您要办理的业务。", "zh-CN")
    speaker.wait()
    zh = speaker.last_wav
    speaker.say("Welcome. Please touch the service you need.", "en")
    speaker.wait()
    assert zh is not None and duration(zh) > 2.0
    assert speaker.last_wav is not None and duration(speaker.last_wav) > 1.5
    speaker.stop()


def test_a_new_prompt_interrupts_the_current_one(tmp_path: Path) -> None:
    speaker = registry.create("speech", "espeak", wav_dir=str(tmp_path))
    speaker.start()
    speaker.say("请将身份证放在读卡区。" * 40)
    first = speaker._process
    speaker.say("已读取。")
    assert first is not None and first.returncode == -15, "the long prompt must have been cut short (SIGTERM)"
    speaker.wait()
    speaker.stop_speaking()
    assert not speaker.speaking()


def test_bad_volume_is_a_typed_error() -> None:
    with pytest.raises(ConfigurationError, match="volume"):
        registry.create("speech", "espeak", volume=150)

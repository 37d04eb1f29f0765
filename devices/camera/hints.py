"""What a citizen is told while the camera waits for a usable picture (shown and spoken by the UI)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hint:
    """A reason a frame was not accepted: a stable ``code`` plus Chinese and English wording."""

    code: str
    zh: str
    en: str


NO_FACE = Hint("no_face", "请面对摄像头", "Please look at the camera")
MULTIPLE_FACES = Hint("multiple_faces", "请确保镜头前只有一人", "More than one face: only one person, please")
TOO_FAR = Hint("too_far", "请靠近一点", "Please come a little closer")
TOO_CLOSE = Hint("too_close", "请稍微后退", "Please move back a little")
OFF_CENTRE = Hint("off_centre", "请移到画面中间", "Please move to the middle of the picture")
TOO_DARK = Hint("too_dark", "光线太暗", "It is too dark")
TOO_BRIGHT = Hint("too_bright", "光线太亮", "It is too bright")
BLURRY = Hint("blurry", "请保持不动", "Please hold still")
NOT_FRONTAL = Hint("not_frontal", "请正对屏幕", "Please face the screen")
CAMERA_OFFLINE = Hint("camera_offline", "摄像头暂时不可用", "The camera is not available")
NO_PAGE = Hint("no_page", "请把材料平放在拍摄区内", "Please lay the page flat in the capture area")
HOLD_STILL = Hint("hold_still", "请保持材料不动", "Please keep the page still")

ALL_HINTS = (
    NO_FACE,
    MULTIPLE_FACES,
    TOO_FAR,
    TOO_CLOSE,
    OFF_CENTRE,
    TOO_DARK,
    TOO_BRIGHT,
    BLURRY,
    NOT_FRONTAL,
    CAMERA_OFFLINE,
    NO_PAGE,
    HOLD_STILL,
)
"""Every hint, for locale files and tests."""

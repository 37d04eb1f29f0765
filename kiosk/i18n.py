"""Citizen-facing text from locale files (``config/locales/<lang>.toml``); no text lives in widgets.

Keys are dotted paths into the TOML tables (``home.title``). ``str.format`` placeholders fill values
(``idle.countdown`` → ``"{seconds} 秒后将返回首页"``). A missing key never crashes the kiosk: it is
logged and shown as the key itself; a test keeps every locale complete.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kiosk.errors import LocaleError

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parents[1] / "config" / "locales"
LANGUAGES = ("zh-CN", "en")


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


def _read(path: Path) -> dict[str, str]:
    try:
        return dict(_flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
    except OSError as exc:
        raise LocaleError(f"locale file {path} cannot be read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LocaleError(f"locale file {path} is not valid TOML: {exc}") from exc


def locale_files(language: str, directory: Path = LOCALE_DIR) -> list[Path]:
    """``<lang>.toml`` then every ``<lang>/*.toml`` (one file per part of the UI), sorted."""
    return [directory / f"{language}.toml", *sorted((directory / language).glob("*.toml"))]


def load_locale(language: str, directory: Path = LOCALE_DIR) -> dict[str, str]:
    """All strings of ``language`` as a flat ``{dotted.key: text}`` dict; a key defined twice is an error."""
    table: dict[str, str] = {}
    for path in locale_files(language, directory):
        part = _read(path)
        clash = table.keys() & part.keys()
        if clash:
            raise LocaleError(f"locale file {path} redefines {', '.join(sorted(clash)[:5])}")
        table.update(part)
    return table


class Translator:
    """Looks up text in the current language; switching language is instant (all locales preloaded)."""

    def __init__(self, language: str = "zh-CN", directory: Path = LOCALE_DIR) -> None:
        self._tables = {lang: load_locale(lang, directory) for lang in LANGUAGES}
        self.language = language
        self.elderly = False
        """Elderly mode: :meth:`wording` prefers the simpler ``<key>_simple`` text where there is one."""

    @property
    def language(self) -> str:
        """The current language code."""
        return self._language

    @language.setter
    def language(self, value: str) -> None:
        if value not in self._tables:
            raise LocaleError(f"unknown language {value!r}; available: {', '.join(LANGUAGES)}")
        self._language = value

    def keys(self, language: str) -> set[str]:
        """Every key defined for ``language``."""
        return set(self._tables[language])

    def simple_key(self, key: str) -> str:
        """``key``, or its simpler ``<key>_simple`` in elderly mode when the current language has one."""
        simple = f"{key}_simple"
        return simple if self.elderly and simple in self._tables[self._language] else key

    def wording(self, key: str, **values: Any) -> str:
        """The text a citizen sees for ``key``: in the language, in simpler words in elderly mode."""
        return self.t(self.simple_key(key), **values)

    def t(self, key: str, **values: Any) -> str:
        """The text for ``key`` in the current language, with ``values`` filled in."""
        return self.text_in(self._language, key, **values)

    def text_in(self, language: str, key: str, **values: Any) -> str:
        """The text for ``key`` in ``language`` (whatever the current one), with ``values`` filled in."""
        text = self._tables[language].get(key)
        if text is None:
            log.error("missing locale key %s in %s", key, language)
            return key
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):
            log.error("locale key %s in %s has bad placeholders", key, language)
            return text

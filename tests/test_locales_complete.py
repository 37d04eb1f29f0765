"""Every locale is complete: the same keys in every language (root files and every part file), the same
placeholders, no Chinese in English, and every literal ``app.t("…")`` / ``t("…")`` / ``speak("…")`` /
``*_key`` key used in ``screens/`` and ``kiosk/journey/`` exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kiosk.i18n import LANGUAGES, LOCALE_DIR, load_locale

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *sorted((ROOT / "screens").rglob("*.py")),
    *sorted((ROOT / "screens").rglob("*.kv")),
    *sorted((ROOT / "kiosk" / "journey").glob("*.py")),
]
CALL = re.compile(
    r"""(?:\bt|\bspeak|\bprompt|\brepeat|\bsay_error|\bsay_confirmation)\(\s*"""
    r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']"""
)
KEY_PROP = re.compile(r"""\b[a-z_]*key\s*[:=]\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, str]]:
    return {language: load_locale(language) for language in LANGUAGES}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key(tables: dict[str, dict[str, str]]) -> None:
    every = set().union(*(set(t) for t in tables.values()))
    missing = {lang: sorted(every - set(t)) for lang, t in tables.items() if every - set(t)}
    assert not missing, f"keys missing from a locale: {missing}"


def test_part_files_pair_up() -> None:
    parts = {lang: {p.name for p in (LOCALE_DIR / lang).glob("*.toml")} for lang in LANGUAGES}
    first = parts[LANGUAGES[0]]
    for lang, names in parts.items():
        assert names == first, f"{lang} has part files {sorted(names ^ first)} that the others lack"


def test_placeholders_agree_and_nothing_is_empty(tables: dict[str, dict[str, str]]) -> None:
    reference = tables["zh-CN"]
    for lang, table in tables.items():
        for key, text in table.items():
            assert text.strip(), f"{lang}: {key} is empty"
            assert _placeholders(text) == _placeholders(reference[key]), f"{lang}: {key} placeholders differ"


def test_english_has_no_chinese(tables: dict[str, dict[str, str]]) -> None:
    allowed = {"app.language_switch"}  # the button that switches to Chinese says so in Chinese
    mixed = {k: v for k, v in tables["en"].items() if CJK.search(v) and k not in allowed}
    assert not mixed, f"English text with Chinese characters: {mixed}"


def used_keys() -> dict[str, set[str]]:
    """Literal locale keys used in the UI sources → the files using them."""
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in (CALL, KEY_PROP):
            for key in pattern.findall(text):
                found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_keys_it_should() -> None:
    keys = used_keys()
    for key in ("home.prompt", "app.help", "assist.repeat", "assist.help_coming"):
        assert key in keys, f"the source scan should find {key}"


def test_every_key_used_in_the_ui_exists(tables: dict[str, dict[str, str]]) -> None:
    missing = {
        key: sorted(files) for key, files in used_keys().items() for lang in LANGUAGES if key not in tables[lang]
    }
    assert not missing, f"keys used in screens/ or kiosk/journey/ but missing from a locale: {missing}"


def test_simpler_wording_has_its_standard_text(tables: dict[str, dict[str, str]]) -> None:
    for lang, table in tables.items():
        simple = [k for k in table if k.endswith("_simple")]
        assert simple, f"{lang} should offer simpler wording for elderly mode"
        for key in simple:
            base = key.removesuffix("_simple")
            assert base in table, f"{lang}: {key} has no standard text {base}"
            assert _placeholders(table[key]) == _placeholders(table[base]), f"{lang}: {key} placeholders differ"

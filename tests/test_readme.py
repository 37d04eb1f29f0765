"""The README's promises: two set-up commands first, and the config key table identical to the code."""

from __future__ import annotations

from pathlib import Path

from kiosk.cli.config_cmd import render_docs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_lines_give_the_run_and_test_commands() -> None:
    head = README.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in head] == ["bash scripts/setup.sh run", "bash scripts/setup.sh test"]
    assert (ROOT / "scripts" / "setup.sh").is_file()
    assert "bash scripts/setup.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_config_table_matches_kiosk_config_docs() -> None:
    start, end = "<!-- config-docs:start -->", "<!-- config-docs:end -->"
    table = README.split(start, 1)[1].split(end, 1)[0].strip()
    assert table == render_docs().strip(), (
        "README's config table is stale: run `.venv/bin/kiosk config docs --update README.md`"
    )

import json

import pytest

from kiosk.cli import main


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n\n[catalog]\nsearch_limit = 3\n', encoding="utf-8")
    return str(path)


def test_search_prints_code_and_name(config, capsys):
    assert main(["--config", config, "catalog", "search", "jzz"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "370481-GA-JZ-001\t居住证申领"


def test_search_json_and_limit(config, capsys):
    assert main(["--config", config, "catalog", "search", "开公司", "--json", "--limit", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"code": "370481-YJS-QYKB", "name": "企业开办一件事", "kind": "bundle"}]


def test_search_uses_the_configured_limit(config, capsys):
    assert main(["--config", config, "catalog", "search", "d"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_nothing_found_exits_1(config, capsys):
    assert main(["--config", config, "catalog", "search", "qqqqzzzz"]) == 1
    assert "nothing found" in capsys.readouterr().err


def test_check_a_broken_directory(tmp_path, config, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "catalog.toml").write_text("version = [", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["--config", config, "catalog", "check", "--dir", str(broken)])
    assert exit_.value.code == 65
    assert "not valid TOML" in capsys.readouterr().err


def test_check_the_sample(config, capsys):
    assert main(["--config", config, "catalog", "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert " items, " in out[0] and out[0].endswith("OK")
    assert out[1] == "English: complete"

from pathlib import Path

import pytest

from voclab import config
from voclab.exceptions import ConfigError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "voclab.toml"
    path.write_text(text)
    return path


def test_demo_config_loads_with_resolved_paths():
    cfg = config.load(REPO / "voclab.toml")
    assert cfg.reporting.min_base == 30
    assert cfg.paths.processed == REPO / "data" / "processed"
    assert all(s.file.is_absolute() for s in cfg.sources)
    assert cfg.targets["nps"]["2025Q4"] == 28
    assert {s.kind for s in cfg.sources} >= {"qualtrics", "surveymonkey", "zendesk", "behaviour"}


def test_defaults_when_file_is_minimal(tmp_path):
    cfg = config.load(write(tmp_path, ""))
    assert cfg.reporting.min_base == 30
    assert cfg.reporting.audience is None and cfg.reporting.audiences == ["executive", "frontline", "analyst"]
    assert cfg.paths.quarantine == tmp_path / "data" / "quarantine"


def test_unknown_key_names_key_and_line(tmp_path):
    path = write(tmp_path, 'name = "x"\n\n[reporting]\nmin_bsae = 10\n')
    with pytest.raises(ConfigError) as info:
        config.load(path)
    message = str(info.value)
    assert "reporting.min_bsae" in message and f"{path}:4:1" in message


def test_wrong_type_names_key(tmp_path):
    with pytest.raises(ConfigError, match=r"reporting\.min_base"):
        config.load(write(tmp_path, '[reporting]\nmin_base = "lots"\n'))
    with pytest.raises(ConfigError, match=r"audience"):
        config.load(write(tmp_path, '[reporting]\naudience = "board"\n'))


def test_invalid_toml_gives_line_and_column(tmp_path):
    with pytest.raises(ConfigError, match=r"voclab\.toml:2:\d+: invalid TOML"):
        config.load(write(tmp_path, 'name = "x"\nsegments = [\n'))


def test_find_walks_up(tmp_path):
    write(tmp_path, "")
    deeper = tmp_path / "a" / "b"
    deeper.mkdir(parents=True)
    assert config.find(deeper) == tmp_path / "voclab.toml"

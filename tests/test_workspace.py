"""voclab.workspace: the demo sources the notebooks use are the ones the shipped voclab.toml lists."""

from pathlib import Path

from voclab import config
from voclab.workspace import DEMO_SOURCES, demo_specs

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_config_lists_the_demo_sources():
    cfg = config.load(ROOT / "voclab.toml")
    listed = [(s.name, s.file.relative_to(cfg.paths.raw / "demo").as_posix(), s.kind) for s in cfg.sources]
    assert listed == list(DEMO_SOURCES)


def test_demo_specs_point_into_the_raw_folder(tmp_path):
    specs = demo_specs(tmp_path)
    assert [s.source for s in specs] == [name for name, _, _ in DEMO_SOURCES]
    assert all(Path(s.path).is_relative_to(tmp_path) for s in specs)

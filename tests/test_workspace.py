"""The shipped voclab.toml (what `make demo` reports on) lists the sources the demo generator writes."""

from pathlib import Path

from voclab import config
from voclab.demo.project import SOURCES

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_config_lists_the_demo_sources():
    cfg = config.load(ROOT / "voclab.toml")
    listed = [(s.name, s.file.relative_to(cfg.paths.raw / "demo").as_posix(), s.kind) for s in cfg.sources]
    assert listed == list(SOURCES)

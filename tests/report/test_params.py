"""Notebook parameters: declarations parsed without running them, values validated before execution."""

from __future__ import annotations

from pathlib import Path

import pytest

from voclab import ParameterError
from voclab.report.params import notebook_params, parse_parameters, validate

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CELL = """# Parameters
segment: str = "Segment"   # what to split by
min_base: int = 30         # smallest group shown
alpha: float = 0.05
weighted: bool = True      # rake first
"""


def test_declarations_types_defaults_and_help():
    specs = parse_parameters(CELL)
    assert list(specs) == ["segment", "min_base", "alpha", "weighted"]
    assert (specs["min_base"].type, specs["min_base"].default, specs["min_base"].help) == (
        "int",
        30,
        "smallest group shown",
    )
    assert specs["alpha"].help == ""


def test_values_are_converted_to_the_declared_types():
    specs = parse_parameters(CELL)
    values = validate(specs, {"min_base": "50", "alpha": "0.1", "weighted": "no", "segment": "Region"})
    assert values == {"min_base": 50, "alpha": 0.1, "weighted": False, "segment": "Region"}
    assert validate(specs, {"alpha": 1, "min_base": 10, "weighted": True}) == {
        "alpha": 1.0,
        "min_base": 10,
        "weighted": True,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"min_bse": "5"}, r"unknown parameter 'min_bse' — fix: valid parameters: segment \(str"),
        ({"min_base": "3.5"}, "parameter 'min_base' must be int, got '3.5'"),
        ({"weighted": "maybe"}, "must be bool"),
        ({"min_base": True}, "must be int"),
        ({"alpha": "x"}, "must be float"),
    ],
)
def test_bad_values_are_errors_listing_what_is_valid(values, message):
    with pytest.raises(ParameterError, match=message):
        validate(parse_parameters(CELL), values)


def test_untyped_or_non_literal_declarations_are_errors():
    with pytest.raises(ParameterError, match="type 'list'"):
        parse_parameters("xs: list = []")
    with pytest.raises(ParameterError, match="not a literal"):
        parse_parameters("n: int = len('abc')")


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_declares_typed_documented_parameters(notebook):
    specs = notebook_params(notebook)
    assert "audience" in specs
    # a notebook that opens the project takes the minimum base from voclab.toml, never a parameter of its own
    assert ("config_path" in specs) != ("min_base" in specs), sorted(specs)
    assert all(spec.help for spec in specs.values()), [s.name for s in specs.values() if not s.help]

"""Typed notebook parameters: read the ``parameters`` cell, validate values *before* anything executes.

A notebook declares each parameter on its own line, with a type, a default and a comment that explains it::

    segment: str = "Segment"     # the customer attribute reports are split by
    min_base: int = 30           # groups smaller than this show "n<30"

:func:`notebook_params` reads those declarations (with :mod:`ast`, never by running the cell);
:func:`validate` turns user values (strings from the command line, or typed values from ``voclab.toml``) into
the declared types, and rejects an unknown name or a value of the wrong type with a
:class:`~voclab.exceptions.ParameterError` that lists the valid parameters.

Example
-------
>>> specs = parse_parameters('n: int = 3  # how many\\nname: str = "x"')
>>> validate(specs, {"n": "5"})
{'n': 5}
>>> validate(specs, {"size": "5"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
voclab.exceptions.ParameterError: unknown parameter 'size' — fix: valid parameters: n (int, default 3: ...
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from voclab.exceptions import ParameterError

__all__ = ["ParamSpec", "notebook_params", "parameters_cell", "parse_parameters", "validate"]

_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter: ``name``, ``type`` (str, int, float or bool), ``default`` and ``help``."""

    name: str
    type: str
    default: object
    help: str = ""

    def describe(self) -> str:
        text = f"{self.name} ({self.type}, default {self.default!r}"
        return text + (f": {self.help})" if self.help else ")")


def parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The cell tagged ``parameters``."""
    for cell in notebook.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    raise ParameterError("the notebook has no cell tagged 'parameters'", hint="tag the cell that declares them")


def parse_parameters(source: str, where: str = "parameters cell") -> dict[str, ParamSpec]:
    """Declarations ``name: type = default  # help`` in ``source`` → specs, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where}:{exc.lineno}: not valid Python ({exc.msg})", hint="fix the cell") from None
    lines = source.splitlines()
    specs: dict[str, ParamSpec] = {}
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            continue
        kind = ast.unparse(node.annotation)
        if kind not in _TYPES:
            raise ParameterError(
                f"{where}:{node.lineno}: parameter {node.target.id!r} has type {kind!r}",
                hint=f"use one of {', '.join(_TYPES)}",
            )
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(
                f"{where}:{node.lineno}: the default of {node.target.id!r} is not a literal", hint="use a plain value"
            ) from None
        line = lines[node.lineno - 1]
        comment = line[node.end_col_offset :].partition("#")[2].strip() if node.end_lineno == node.lineno else ""
        specs[node.target.id] = ParamSpec(node.target.id, kind, default, comment)
    return specs


def notebook_params(path: str | Path) -> dict[str, ParamSpec]:
    """The parameters a notebook declares."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{path}: no such notebook", hint="check the path (notebooks live in notebooks/)")
    notebook = nbformat.read(path, as_version=4)
    return parse_parameters(parameters_cell(notebook).source, f"{path.name} parameters cell")


def _coerce(spec: ParamSpec, value: object) -> object:
    kind = _TYPES[spec.type]
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        if kind is bool:
            if text.lower() in _TRUE | _FALSE:
                return text.lower() in _TRUE
        else:
            try:
                return kind(text)
            except ValueError:
                pass
    elif isinstance(value, bool):
        if kind is bool:
            return value
    elif (kind is float and isinstance(value, int | float)) or isinstance(value, kind):
        return kind(value)
    raise ParameterError(f"parameter {spec.name!r} must be {spec.type}, got {value!r}", hint=f"{spec.describe()}")


def validate(specs: Mapping[str, ParamSpec], values: Mapping[str, object]) -> dict[str, object]:
    """``values`` converted to the declared types; unknown names and wrong types are errors."""
    out = {}
    for name, value in values.items():
        if name not in specs:
            listing = ", ".join(spec.describe() for spec in specs.values())
            raise ParameterError(f"unknown parameter {name!r}", hint=f"valid parameters: {listing}")
        out[name] = _coerce(specs[name], value)
    return out

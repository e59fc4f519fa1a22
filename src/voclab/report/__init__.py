"""Reports: typed parameters, papermill execution on the project kernel, offline HTML, batches.

The submodules load on first use, so a report notebook that only needs :mod:`voclab.report.blocks` does not pay
for nbformat and nbconvert at start-up.

>>> from voclab import report
>>> report.AUDIENCES
('executive', 'frontline', 'analyst')
"""

from importlib import import_module

__all__ = ["AUDIENCES", "ParamSpec", "export_html", "notebook_params", "render", "run_batch", "validate"]

_HOME = {
    "AUDIENCES": "html",
    "export_html": "html",
    "ParamSpec": "params",
    "notebook_params": "params",
    "validate": "params",
    "render": "render",
    "run_batch": "batch",
}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'voclab.report' has no attribute {name!r}")
    return getattr(import_module(f"voclab.report.{_HOME[name]}"), name)

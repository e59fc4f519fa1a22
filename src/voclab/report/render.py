"""Render one notebook into one report: validate parameters, execute on the project kernel, export HTML.

1. The parameters are checked against the notebook's declarations (:mod:`voclab.report.params`) *before*
   anything runs — a typo costs a second, not a failed run.
2. papermill executes the notebook in-process on the kernel named ``voclab`` (installed by ``make install``
   into the project's virtualenv, so a user's other kernels are never picked). The executed notebook is kept
   (``<out>/notebooks/<name>.ipynb``), errors included, for debugging.
3. nbconvert exports it in-process (:func:`voclab.report.html.export_html`) for the audience; the HTML is written
   atomically, so an interrupted run leaves the previous report in place.

>>> from pathlib import Path
>>> render(Path("no/such.ipynb"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
voclab.exceptions.ParameterError: no/such.ipynb: no such notebook — fix: ...
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.kernelspec import NoSuchKernel

from voclab import __version__
from voclab._atomic import atomic_path, atomic_write_text, sha256_file
from voclab.exceptions import ParameterError, VoclabError
from voclab.report.html import AUDIENCES, export_html, strip_hidden_outputs
from voclab.report.kernel import KERNEL, WarmKernel
from voclab.report.params import notebook_params, validate

__all__ = ["Rendered", "provenance", "render"]


@dataclass
class Rendered:
    """What one render produced: the ``html`` (None when it failed), the ``executed`` notebook, ``error`` text."""

    name: str
    html: Path | None
    executed: Path
    seconds: float
    params: dict[str, object] = field(default_factory=dict)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.html is not None


def _title(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "voclab report"


def provenance(
    notebook: nbformat.NotebookNode, params: Mapping[str, object], defaults: Mapping[str, object], base: Path
) -> dict[str, object]:
    """The footer of a report: what data, which parameters and versions, when, and the minimum base applied."""
    from voclab.text import implementation

    merged = {**defaults, **params}
    config = _config(merged, base)
    processed = (base / str(merged["processed_dir"])).resolve() if "processed_dir" in merged else None
    processed = processed or (config.paths.processed if config else None)
    manifest = processed / "manifest.json" if processed else None
    sentiment = implementation(config.text.sentiment, config.text.lexicon) if config else implementation()
    return {
        "title": _title(notebook),
        "data manifest (sha256)": sha256_file(manifest) if manifest and manifest.is_file() else "not found",
        "parameters": json.dumps(_portable(merged), ensure_ascii=False, sort_keys=True),
        "voclab": __version__,
        "sentiment": f"{sentiment['implementation']} ({sentiment['reference']})",
        "rendered at (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "minimum base size": merged.get("min_base", config.reporting.min_base if config else "not set"),
    }


def _portable(values: Mapping[str, object]) -> dict[str, object]:
    """Parameters as a reader may see them: an absolute path (``config_path``, ``…_dir``) shows only its file
    name, never the folders of the machine that rendered the report."""
    return {
        k: Path(v).name if isinstance(v, str) and (k.endswith(("_path", "_dir"))) and Path(v).is_absolute() else v
        for k, v in values.items()
    }


def _config(values: Mapping[str, object], base: Path):
    """The project config a report was rendered from (its ``config_path`` parameter), if any."""
    if "config_path" not in values:
        return None
    from voclab.config import load

    return load((base / str(values["config_path"])).resolve())


@contextlib.contextmanager
def _quiet_papermill() -> Iterator[None]:
    """papermill's own parameter inference warns about declarations it cannot parse; ours already validated."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def render(
    notebook: str | Path,
    params: Mapping[str, object] | None = None,
    audience: str | None = None,
    out_dir: str | Path = "reports",
    name: str | None = None,
    kernel: str = KERNEL,
    *,
    warm: WarmKernel | None = None,
) -> Rendered:
    """Execute ``notebook`` with ``params`` and write ``<out_dir>/<name>.html`` for ``audience``.

    ``audience`` (executive, frontline or analyst) is also passed to the notebook when it declares an
    ``audience`` parameter; default: the notebook's own default, else analyst. ``warm`` runs it on that
    already-started kernel with a fresh namespace (:class:`~voclab.report.kernel.WarmKernel`) instead of starting
    one. Raises
    :class:`ParameterError` for bad parameters; an execution failure is returned (``ok`` false, ``error``)."""
    notebook = Path(notebook)
    specs = notebook_params(notebook)
    values = validate(specs, dict(params or {}))
    if audience is not None:
        if audience not in AUDIENCES:
            raise ParameterError(f"unknown audience {audience!r}", hint=f"use one of {', '.join(AUDIENCES)}")
        if "audience" in specs:
            values["audience"] = audience
    audience = audience or str(values.get("audience", specs["audience"].default if "audience" in specs else "analyst"))
    name = name or notebook.stem
    out = Path(out_dir)
    executed = out / "notebooks" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    error, executed_nb = "", None
    cwd = notebook.parent.resolve()
    with atomic_path(executed) as tmp, _quiet_papermill():
        try:
            executed_nb = pm.execute_notebook(
                str(notebook),
                str(tmp),
                parameters=values,
                kernel_name=warm.kernel_name if warm else kernel,
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                kernel_manager_class="voclab.report.kernel.IPCKernelManager",
                **({"km": warm.manager(cwd)} if warm else {}),
            )
        except NoSuchKernel:
            raise VoclabError(
                f"the Jupyter kernel {kernel!r} is not installed", hint="run `make install` (it registers the kernel)"
            ) from None
        except pm.PapermillExecutionError as exc:
            error = f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        finally:
            if warm:
                warm.release()
        if tmp.stat().st_size:  # the executed notebook kept beside the report shows what the report shows
            nbformat.write(strip_hidden_outputs(nbformat.read(tmp, as_version=4), audience), tmp)
    seconds = time.perf_counter() - start
    if error:
        return Rendered(name, None, executed, seconds, values, error)
    defaults = {k: spec.default for k, spec in specs.items()}
    footer = provenance(executed_nb, values, defaults, notebook.parent.resolve())
    footer.update({"audience": audience, "run time (s)": f"{seconds:.1f}"})
    html_path = out / f"{name}.html"
    atomic_write_text(html_path, export_html(executed_nb, audience, footer))
    return Rendered(name, html_path, executed, seconds, values)

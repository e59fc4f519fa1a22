"""The ``voclab`` command: thin — it parses arguments, calls the library and prints.

Any :class:`~voclab.exceptions.VoclabError` becomes one line on stderr and exit code 2 (``--debug`` shows the
traceback).

Example
-------
::

    voclab demo-data data/raw/demo --seed 42 --customers 5000
    voclab init exports/                # write exports/voclab.toml from what is there
    voclab gaps --out gaps.csv          # the say–do gap register of the project
    voclab ingest                       # every source in voclab.toml
    voclab ingest reviews.csv --map text=review_body --map rating=stars
    voclab render notebooks/90_executive.ipynb -p segment_value=SMB --audience executive
    voclab report --by Segment --audience executive,analyst --jobs 2 --resume
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from voclab import config as config_module
from voclab.exceptions import ParameterError, VoclabError

__all__ = ["cli", "main", "run"]

_console = Console(stderr=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Path to voclab.toml (default: the nearest one upwards).",
)
@click.version_option(package_name="voclab")
@click.pass_context
def cli(ctx: click.Context, debug: bool, config_path: Path | None) -> None:
    """voclab — voice-of-customer research workbench."""
    ctx.obj = {"debug": debug, "config_path": config_path}


def compute_options(command):
    """``--engine`` and ``--scheduler``: override ``[compute]`` for this run (and the report kernels it starts)."""
    command = click.option(
        "--scheduler", help='Dask scheduler: "local" or an existing cluster\'s address (tcp://host:8786).'
    )(command)
    command = click.option(
        "--engine", type=click.Choice(["pandas", "dask"]), help="Where texts are scored (default: [compute] engine)."
    )(command)

    def run(*args, engine: str | None = None, scheduler: str | None = None, **kwargs):
        for key, value in (("engine", engine), ("scheduler", scheduler)):
            if value:
                os.environ[config_module.COMPUTE_ENV[key]] = value
        return command(*args, **kwargs)

    return functools.update_wrapper(run, command)


def _config(ctx: click.Context) -> config_module.Config:
    return config_module.load(ctx.obj["config_path"])


def _parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ParameterError(f"bad --map {pair!r}", hint="write --map FIELD=COLUMN, e.g. --map text=review_body")
        mapping[field.strip()] = column.strip()
    return mapping


def _kind_choices() -> list[str]:
    from voclab.ingest.registry import kinds

    return ["auto", *kinds()]


@cli.command()
@compute_options
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", default="auto", show_default=True, help="Input format (auto sniffs): see `voclab formats`.")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help="Column map onto unified fields.")
@click.option(
    "--date-format",
    metavar="FORMAT",
    help="strptime format of the date columns, e.g. %d/%m/%Y (default: inferred per column).",
)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: data/processed)."
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    kind: str,
    maps: tuple[str, ...],
    date_format: str | None,
    out: Path | None,
) -> None:
    """Ingest PATHS (files or folders; default: every source in voclab.toml) into unified Parquet tables.

    A large CSV/TSV/NDJSON text source ([compute] blocks_from_mb) is read a block at a time into Parquet
    partitioned by source and month; with --engine dask its blocks are read in parallel on the cluster."""
    from voclab.ingest.store import SourceSpec, config_specs, discover
    from voclab.ingest.store import ingest as run_ingest

    if kind not in _kind_choices():
        raise ParameterError(f"unknown --kind {kind!r}", hint=f"use one of: {', '.join(_kind_choices())}")
    cfg = _config(ctx)
    mapping = _parse_map(maps)
    if paths:
        specs = [
            spec
            for p in paths
            for spec in (
                discover(p, kind, mapping, date_format)
                if p.is_dir()
                else [SourceSpec(p, kind, mapping, date_format=date_format)]
            )
        ]
    elif cfg.sources:
        specs = config_specs(cfg)
    else:
        raise ParameterError("nothing to ingest", hint="pass file paths, or list [[sources]] in voclab.toml")
    out_dir = out or cfg.paths.processed
    quarantine = cfg.paths.quarantine if out is None else out.parent / "quarantine"
    with Progress(
        *Progress.get_default_columns(), console=_console, transient=True, disable=not _console.is_terminal
    ) as bar:
        task = bar.add_task("ingesting", total=len(specs))

        def step(message: str) -> None:
            bar.update(task, description=message[-60:])
            bar.advance(task)

        summary = run_ingest(specs, out_dir, quarantine, progress=step, limits=cfg.limits, compute=cfg.compute)
    _print_summary(summary, out_dir, quarantine)


_SUMMARY_COLUMNS = (
    "source",
    "kind",
    "table",
    "status",
    "rows_read",
    "kept",
    "quarantined",
    "duplicates",
    "blank_rows",
    "skipped_rows",
)


def _print_summary(summary, out_dir: Path, quarantine: Path) -> None:
    table = Table(title=f"ingest → {out_dir}")
    for col in _SUMMARY_COLUMNS:
        table.add_column(col.replace("_", " "), justify="right" if summary[col].dtype.kind in "iu" else "left")
    for row in summary.itertuples(index=False):
        table.add_row(*(str(getattr(row, c)) for c in _SUMMARY_COLUMNS))
    console = Console(width=160)
    console.print(table)
    if summary["quarantined"].sum():
        console.print(
            f"{int(summary['quarantined'].sum())} bad rows quarantined in {quarantine}/ (see the reason column)"
        )
    for row in summary[summary["renamed"].fillna("") != ""].itertuples(index=False):
        console.print(f"{row.source}: columns kept under another name (voclab uses theirs): {row.renamed}")


@cli.command("demo-data")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed (same seed → same bytes).")
@click.option(
    "--customers", default=5000, show_default=True, type=click.IntRange(min=200), help="Number of customers (200+)."
)
@click.option(
    "--no-gaps",
    "no_gaps",
    is_flag=True,
    help="The same company with every planted effect set to zero: a null to check the gap register against.",
)
def demo_data(out_dir: Path, seed: int, customers: int, no_gaps: bool) -> None:
    """Generate the synthetic demo company (with planted say–do gaps) into OUT_DIR, with its voclab.toml."""
    from voclab.demo import generate

    with _console.status("generating demo data…") as status:

        def step(name: str, done: int, total: int) -> None:
            status.update(f"generating demo data: {name} ({done}/{total})")

        truth = generate(out_dir, seed=seed, customers=customers, progress=step, gaps=not no_gaps)
    files = sorted(p.relative_to(out_dir) for p in out_dir.rglob("*") if p.is_file())
    click.echo(
        f"wrote {len(files)} files to {out_dir} (seed {seed}, {customers} customers"
        f"{', no planted gaps' if no_gaps else ''}); ground truth: "
        f"{out_dir / 'ground_truth.json'} ({len(truth)} sections)"
    )


@cli.command()
@compute_options
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="CSV to write (default: gaps.csv in reports)."
)
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0), help="Flagged findings to print.")
@click.pass_context
def gaps(ctx: click.Context, out: Path | None, top: int) -> None:
    """The say–do gap register of the project in voclab.toml ([saydo]), as CSV; ingests what is missing first."""
    from voclab.project import open_project
    from voclab.saydo import gap_register, write_csv

    with _console.status("ingesting and testing…"):
        project = open_project(ctx.obj["config_path"])
        register = gap_register(project)
    target = write_csv(register, out or project.config.paths.reports / "gaps.csv")
    match = register.attrs.get("voclab", {}).get("match", {})
    if match:
        click.echo(
            f"answers linked: {match['matched']:,} of {match['answers']:,} (id not found {match['id_not_found']:,}, "
            f"after the decision {match['after_decision']:,}, no decision in the window "
            f"{match['no_decision_in_window']:,})"
        )
    tested = int(register["tested"].sum())
    click.echo(f"{len(register)} findings, {tested} tested, {int(register['flagged'].sum())} flagged → {target}")
    for sentence in register.loc[register["flagged"], "sentence"].head(top):
        click.echo(f"  • {sentence}")


@cli.command("audit-codebook")
@compute_options
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="CSV (default: codebook_audit.csv in reports)."
)
@click.option("--sample", default=50, show_default=True, type=click.IntRange(min=1), help="Matches per theme.")
@click.option("--seed", default=0, show_default=True, help="Random seed of the sample.")
@click.pass_context
def audit_codebook(ctx: click.Context, out: Path | None, sample: int, seed: int) -> None:
    """A sample of each theme's matches in the project's texts ([saydo] codebook), as CSV to check by eye: fill
    the correct column with y or n, and text.audit_precision() gives each theme's precision."""
    from voclab.project import open_project
    from voclab.text import audit_codebook as audit

    with _console.status("ingesting and coding…"):
        project = open_project(ctx.obj["config_path"])
        texts = project.texts()
    target = out or project.config.paths.reports / "codebook_audit.csv"
    table = audit(texts["text"], project.codebook(), sample=sample, seed=seed, path=target)
    themes = table.drop_duplicates("theme")
    click.echo(f"{len(table):,} matches of {len(themes)} themes in {len(texts):,} texts → {target}")
    for row in themes.itertuples(index=False):
        click.echo(f"  {row.theme}: {row.theme_texts:,} texts ({row.theme_share:.1%})")


@cli.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--name", help="Project name (default: the folder's name).")
def init_project(folder: Path, name: str | None) -> None:
    """Scan FOLDER's exports and write its voclab.toml (voclab.toml.new if one exists)."""
    from voclab.scaffold import init

    with _console.status(f"reading the exports in {folder}…"):
        result = init(folder, name=name)
    table = Table(title=f"exports in {folder}")
    for column in ("source", "kind", "table", "rows_read", "kept", "quarantined"):
        table.add_column(column.replace("_", " "))
    for row in result.summary.itertuples(index=False):
        counts = [f"{v:,.0f}" if v == v and v is not None else "" for v in (row.rows_read, row.kept, row.quarantined)]
        table.add_row(row.source, row.kind or "[red]unreadable[/]", row.table, *counts)
    console = Console(width=160)
    console.print(table)
    for row in result.summary[result.summary["error"] != ""].itertuples(index=False):
        console.print(f"left out (commented in the config): {row.error}")
    study = result.proposal.saydo
    console.print("found: " + (", ".join(f"{k} = {v}" for k, v in study.items() if k != "drivers") or "nothing"))
    for key, hint in result.proposal.undecided.items():
        console.print(f"could not decide {key}: {hint} — written commented out")
    existed = result.path.name.endswith(".new")
    note = " (voclab.toml exists and was left as it is: compare and merge by hand)" if existed else ""
    click.echo(f"wrote {result.path}{note}; next: voclab --config {result.path.parent / 'voclab.toml'} ingest")


@cli.command()
def formats() -> None:
    """List the input formats (kinds) voclab can ingest."""
    from voclab.ingest.registry import get, kinds

    table = Table(title="input formats")
    table.add_column("kind")
    table.add_column("table")
    table.add_column("what")
    for kind in kinds():
        reader = get(kind)
        table.add_row(kind, reader.table, reader.description)
    Console(width=160).print(table)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"bad -p {pair!r}", hint="write -p NAME=VALUE, e.g. -p segment_value=SMB")
        params[name.strip()] = value
    return params


@cli.command()
@click.argument("notebook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A notebook parameter.")
@click.option("--audience", type=click.Choice(["executive", "analyst", "frontline"]), help="Who the report is for.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: reports/).")
@click.pass_context
def render(ctx: click.Context, notebook: Path, params: tuple[str, ...], audience: str | None, out: Path | None) -> int:
    """Execute NOTEBOOK with its parameters and export a self-contained HTML report.

    A notebook's ``config_path`` defaults to the project this command runs on (``--config``, else the nearest
    voclab.toml); ``-p NAME_path=…`` values are relative to the current folder."""
    from voclab.report.params import notebook_params
    from voclab.report.render import render as render_notebook

    cfg = _config(ctx)
    out_dir = out or cfg.paths.reports
    values = _parse_params(params)
    for name, value in values.items():  # a path typed on the command line is relative to the shell's folder
        if name.endswith("_path") and value and not Path(value).is_absolute():
            values[name] = str(Path(value).resolve())
    config = ctx.obj["config_path"] or config_module.find()
    if config is not None and "config_path" in notebook_params(notebook):
        values.setdefault("config_path", str(Path(config).resolve()))  # the project this command runs on
    result = render_notebook(notebook, values, audience or cfg.reporting.audience, out_dir)
    if not result.ok:
        click.echo(f"voclab: report failed: {result.error} (executed notebook: {result.executed})", err=True)
        return 1
    click.echo(f"{result.html}  ({result.seconds:.1f} s)")
    return 0


@cli.command("train-sentiment")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text", "text_column", default="text", show_default=True, help="The column of texts.")
@click.option("--label", "label_column", default="label", show_default=True, help="positive / neutral / negative.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: models/sentiment.joblib.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.pass_context
def train_sentiment(
    ctx: click.Context, labels: Path, text_column: str, label_column: str, out: Path | None, folds: int
) -> int:
    """Train a sentiment model on LABELS (a CSV of texts labelled positive/neutral/negative), report how well it
    agrees with the labels against voclab-cx on the same folds, and save it into the project."""
    import pandas as pd

    from voclab.text.model import fit_sentiment

    frame = pd.read_csv(labels, dtype=str, keep_default_na=False)
    missing = [c for c in (text_column, label_column) if c not in frame]
    if missing:
        raise ParameterError(f"{labels}: no column {missing[0]!r}", hint=f"columns: {', '.join(frame.columns)[:200]}")
    config = ctx.obj["config_path"] or config_module.find()
    root = Path(config).resolve().parent if config else Path.cwd()
    path = out or root / "models" / "sentiment.joblib"
    model = fit_sentiment(frame[text_column].replace("", None), frame[label_column].replace("", None), folds=folds)
    click.echo(f"{folds}-fold cross-validation on {int(model.confusion['model'].to_numpy().sum()):,} labelled texts:")
    click.echo(model.report.round(3).to_string())
    click.echo("learning curve (training labels → macro-F1):")
    click.echo(model.learning_curve.round(3).to_string(index=False))
    model.save(path)
    shown = path.relative_to(root) if path.resolve().is_relative_to(root) else path
    click.echo(f'saved {path}; to use it, add to voclab.toml:\n[text]\nsentiment = "model:{shown}"')
    return 0


@cli.command()
@compute_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="voclab.toml to use.")
@click.option(
    "--by", help="Customer attribute to split by (default: the first of `segments`; none: whole company only)."
)
@click.option(
    "--audience",
    "audiences",
    help="Comma-separated audiences (default: [reporting] audiences in voclab.toml: all three).",
)
@click.option("--jobs", type=click.IntRange(min=1), help="Reports rendered at once (default: every core).")
@click.option("--resume", is_flag=True, help="Skip reports whose notebook, parameters and data are unchanged.")
@click.option("--run", default="latest", show_default=True, help="Run name: reports go to <reports>/<run>/.")
@click.pass_context
def report(
    ctx: click.Context,
    config_path: Path | None,
    by: str | None,
    audiences: str | None,
    jobs: int | None,
    resume: bool,
    run: str,
) -> int:
    """Render one report per unit and audience, in parallel, plus an index.html; exit code = reports failed."""
    from voclab.report.batch import run_batch

    path = config_path or ctx.obj["config_path"] or config_module.find()
    if path is None:
        raise ParameterError("no voclab.toml found", hint="pass --config PATH or run inside a voclab project")
    cfg = config_module.load(path)
    column = by or (cfg.segments[0] if cfg.segments else None)
    if column is None:
        click.echo("no `segments` in voclab.toml and no --by: only the whole-company reports")
    wanted = [a.strip() for a in audiences.split(",") if a.strip()] if audiences else list(cfg.reporting.audiences)
    result = run_batch(cfg, Path(path), column, wanted, jobs, resume, run, progress=_console.is_terminal)
    done = len(result.results) - len(result.failed)
    click.echo(f"{done} report(s) rendered, {len(result.skipped)} unchanged, {len(result.failed)} failed")
    for failure in result.failed:
        click.echo(f"  FAILED {failure.name}: {failure.error}", err=True)
    click.echo(f"index: {result.index}")
    return min(len(result.failed), 100)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; VoclabError → one line on stderr, exit code 2."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="voclab", standalone_mode=False)
    except VoclabError as exc:
        if debug:
            raise
        click.echo(f"voclab: error: {exc}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("voclab: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point (``voclab``)."""
    sys.exit(main())


if __name__ == "__main__":
    run()

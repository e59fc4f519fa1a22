"""``voclab.toml`` → a typed, validated :class:`Config`; the one place project paths are resolved.

Unknown keys and wrong types are :class:`~voclab.exceptions.ConfigError` naming the key, the line of the file
and the fix. Relative paths are resolved against the folder holding ``voclab.toml``.

Example
-------
>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "voclab.toml").write_text('[reporting]\\nmin_base = 50\\n')
>>> cfg = load(root / "voclab.toml")
>>> cfg.reporting.min_base, cfg.paths.processed == root / "data" / "processed"
(50, True)
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from voclab.exceptions import ConfigError

__all__ = [
    "AUDIENCES",
    "CONFIG_NAME",
    "MIN_BASE",
    "STARTER_CODEBOOKS",
    "Compute",
    "Config",
    "Limits",
    "Paths",
    "Privacy",
    "Reporting",
    "Saydo",
    "Source",
    "Text",
    "find",
    "load",
]

CONFIG_NAME = "voclab.toml"
#: Who a report is for, from the least to the most detail.
Audience = Literal["executive", "frontline", "analyst"]
AUDIENCES: tuple[str, ...] = get_args(Audience)
#: The minimum base: a group with fewer answers shows no number (``[reporting] min_base`` overrides it).
MIN_BASE = 30


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Paths(_Strict):
    """Where data and reports live (relative to the config file unless absolute)."""

    raw: Path = Path("data/raw")
    interim: Path = Path("data/interim")
    processed: Path = Path("data/processed")
    quarantine: Path = Path("data/quarantine")
    reports: Path = Path("reports")


class Source(_Strict):
    """One input file: ``name`` (defaults to the file stem), ``file``, ``kind``, a column ``map``, the
    ``date_format`` of its date columns (a ``strptime`` format such as ``%d/%m/%Y``; default: inferred) and, for
    text sources, the ``channel`` its texts count under (e.g. ``app_store``; default: the reader's own)."""

    file: Path
    name: str | None = None
    kind: str = "auto"
    map: dict[str, str] = Field(default_factory=dict)
    date_format: str | None = None
    channel: str | None = None

    @field_validator("name")
    @classmethod
    def _name_is_identifier(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_\-]+", value):
            raise ValueError("use letters, digits, '_' or '-' only")
        return value


class Reporting(_Strict):
    """Reporting defaults: ``min_base`` (groups with fewer answers are not shown), ``audience`` (what
    ``voclab render`` renders for when ``--audience`` is not given; default: the notebook's own) and
    ``audiences`` (what ``voclab report`` renders when ``--audience`` is not given)."""

    min_base: int = Field(default=MIN_BASE, ge=1)
    audience: Audience | None = None
    audiences: list[Audience] = Field(default_factory=lambda: list(AUDIENCES), min_length=1)


class Text(_Strict):
    """How texts are scored: ``sentiment`` (``voclab-cx``, VADER adapted to customer text; ``vader``, the
    unchanged reference; ``model:PATH``, a model trained with ``voclab train-sentiment``; or ``onnx:FOLDER``, a
    local transformer exported to ONNX, :mod:`voclab.text.transformer`), ``brands``
    (company and product names masked before scoring: "United" is not praise) and ``lexicon`` (a TSV of
    ``word<TAB>valence`` over voclab-cx's customer-service words)."""

    sentiment: str = Field(default="voclab-cx", pattern=r"^(voclab-cx|vader|model:.+|onnx:.+)$")
    brands: list[str] = Field(default_factory=list)
    lexicon: Path | None = None


class Compute(_Strict):
    """Where heavy work runs (``[compute]``, :mod:`voclab.engine`): ``engine`` ``pandas`` (this machine, in
    memory: the default) or ``dask``; ``dask_from`` (from this many texts on, the pandas engine hands the work to
    Dask by itself and says so); ``scheduler`` ``local`` (a local cluster started for the run) or the address of
    an existing one (``tcp://host:8786``); ``workers`` (local worker processes; default every core) and
    ``memory_limit`` per local worker (``"2GB"``, or ``"auto"``: the machine's memory shared out);
    ``blocks_from_mb``: a CSV/TSV/NDJSON text source this large is ingested a block at a time into Parquet
    partitioned by month (:mod:`voclab.ingest.blocks`)."""

    engine: Literal["pandas", "dask"] = "pandas"
    dask_from: int = Field(default=2_000_000, ge=1)
    blocks_from_mb: float = Field(default=256, gt=0)
    scheduler: str = Field(default="local", pattern=r"^(local|(tcp|tls|inproc)://.+)$")
    workers: int | None = Field(default=None, ge=1)
    memory_limit: str = "auto"


class Limits(_Strict):
    """What one input file may cost, checked before it is opened (see :mod:`voclab.ingest.limits`); safe
    defaults, raise one when a genuine file exceeds it."""

    max_file_mb: float = Field(default=2048, gt=0)
    max_uncompressed_mb: float = Field(default=1024, gt=0)
    max_cells: int = Field(default=200_000_000, gt=0)
    max_columns: int = Field(default=5_000, gt=0)
    max_line_kb: float = Field(default=16_384, gt=0)


class Privacy(_Strict):
    """``redact_at_rest`` (default on): personal data in text fields (feedback ``text`` and ``title``, open survey
    answers, every cell of a quarantined row) is replaced by ``[EMAIL]``, ``[PHONE]``… before ingest writes
    anything, and authors become ``[NAME]``; off keeps the texts as exported in ``data/processed``."""

    redact_at_rest: bool = True


#: The starter codebooks shipped with voclab (``[saydo] codebook = "travel"``; :func:`voclab.text.starter_codebook`).
STARTER_CODEBOOKS = ("general", "software", "ecommerce", "travel", "telecom", "financial")


class Saydo(_Strict):
    """The say–do study (``[saydo]``): which survey and questions say, which behaviour does, and how to compare.

    ``survey`` (a survey source), ``score`` (its 0–10 recommend question), ``satisfied`` (score counted as
    satisfied, default 9 = promoters), ``intent`` (stated-intent question) and ``intent_yes`` (its answers that
    mean "will"), ``drivers`` and ``importance`` (driver satisfaction and stated importance questions, in the
    same order), ``customers`` (behaviour source with one row per customer) and ``events`` (dated events),
    ``on`` (the key joining them), ``outcome`` / ``renewal`` (event names meaning left / stayed; without
    ``renewal``, stayed = not left), ``window``
    (behaviour counted this long after each answer), ``segments`` (groups compared; default: the top-level
    ``segments``), ``text_sources`` (feedback sources whose themes are tested; default all), ``codebook`` (a
    YAML or CSV file, or a starter's name from :data:`STARTER_CODEBOOKS`; default the general starter),
    ``themes`` (themes tested for lift; default all), ``fdr`` (false
    discovery rate), ``owners`` (regex → team, before the default routing)."""

    survey: str | None = None
    score: str | None = None
    satisfied: float = 9
    intent: str | None = None
    intent_yes: list[float] = Field(default_factory=lambda: [4, 5])
    drivers: list[str] = Field(default_factory=list)
    importance: list[str] = Field(default_factory=list)
    customers: str | None = None
    events: str | None = None
    on: str = "customer_id"
    outcome: str = "churn"
    renewal: str | None = None
    window: tuple[str, str] = ("0D", "365D")
    segments: list[str] | None = None
    text_sources: list[str] | None = None
    codebook: Path | str | None = None
    themes: list[str] | None = None
    fdr: float = Field(default=0.05, gt=0, lt=1)
    owners: dict[str, str] = Field(default_factory=dict)


class Config(_Strict):
    """The whole project configuration. ``root`` is the folder of ``voclab.toml``."""

    root: Path = Path(".")
    name: str = "voclab project"
    paths: Paths = Field(default_factory=Paths)
    sources: list[Source] = Field(default_factory=list)
    segments: list[str] = Field(default_factory=list)
    targets: dict[str, dict[str, float]] = Field(default_factory=dict)
    benchmarks: dict[str, dict[str, float]] = Field(default_factory=dict)
    weighting: dict[str, dict[str, float]] = Field(default_factory=dict)
    reporting: Reporting = Field(default_factory=Reporting)
    text: Text = Field(default_factory=Text)
    limits: Limits = Field(default_factory=Limits)
    compute: Compute = Field(default_factory=Compute)
    privacy: Privacy = Field(default_factory=Privacy)
    saydo: Saydo = Field(default_factory=Saydo)

    def resolve(self, path: Path) -> Path:
        """``path`` made absolute against the project root."""
        return path if path.is_absolute() else (self.root / path)


def find(start: Path | None = None) -> Path | None:
    """The nearest ``voclab.toml`` in ``start`` or its parents (None when there is none)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load(path: str | Path | None = None) -> Config:
    """Read and validate ``voclab.toml`` (``path``, or the nearest one upwards from the working directory).

    With no file anywhere, the defaults are returned (rooted at the working directory).
    """
    if path is None:
        found = find()
        if found is None:
            return _resolved(Config(root=Path.cwd()))
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError("config file not found", path=path, hint=f"create {CONFIG_NAME} or pass --config")
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_position(str(exc), text)
        reason = re.sub(r"\s*\(at [^)]*\)", "", str(exc))
        raise ConfigError(
            f"invalid TOML: {reason}",
            path=path,
            line=line,
            column=column,
            hint="see https://toml.io for the syntax",
        ) from None
    try:
        config = Config(root=path.resolve().parent, **data)
    except ValidationError as exc:
        raise _config_error(exc, path, text) from None
    except TypeError as exc:
        raise ConfigError(str(exc), path=path, hint="check the top-level keys") from None
    return _resolved(config)


#: Environment variables that override ``[compute]`` (``voclab report --engine/--scheduler`` set them, so the
#: report kernels it starts see the same choice).
COMPUTE_ENV = {"engine": "VOCLAB_ENGINE", "scheduler": "VOCLAB_SCHEDULER"}


def _compute_from_env(compute: Compute) -> Compute:
    overrides = {key: os.environ[name] for key, name in COMPUTE_ENV.items() if os.environ.get(name)}
    if not overrides:
        return compute
    try:
        return Compute(**{**compute.model_dump(), **overrides})
    except ValidationError as exc:
        first = exc.errors()[0]
        name = COMPUTE_ENV[str(first["loc"][0])]
        raise ConfigError(
            f"{name}={os.environ[name]!r}: {first['msg']}",
            hint="engine: pandas or dask; scheduler: local or tcp://host:8786",
        ) from None


def _resolved(config: Config) -> Config:
    paths = Paths(**{k: config.resolve(v) for k, v in config.paths.model_dump().items()})
    sources = [s.model_copy(update={"file": config.resolve(s.file)}) for s in config.sources]
    book = config.saydo.codebook
    if book is not None and str(book) not in STARTER_CODEBOOKS:
        book = config.resolve(Path(book))
    saydo = config.saydo.model_copy(update={"codebook": book})
    lexicon, method = config.text.lexicon, config.text.sentiment
    prefix = next((p for p in ("model:", "onnx:") if method.startswith(p)), None)
    if prefix:
        method = f"{prefix}{config.resolve(Path(method.removeprefix(prefix)))}"
    update = {"lexicon": config.resolve(lexicon) if lexicon is not None else None, "sentiment": method}
    text = config.text.model_copy(update=update)
    compute = _compute_from_env(config.compute)
    changes = {"paths": paths, "sources": sources, "saydo": saydo, "text": text, "compute": compute}
    return config.model_copy(update=changes)


def _config_error(exc: ValidationError, path: Path, text: str) -> ConfigError:
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(loc) or "(top level)"
    last = next((p for p in reversed(loc) if not p.isdigit()), "")
    line = _line_of_key(text, last) if last else None
    if first["type"] == "extra_forbidden":
        message, hint = (
            f"unknown key {key!r}",
            "remove it or check its spelling (see the README's config section)",
        )
    else:
        message, hint = f"bad value for {key!r}: {first['msg']}", f"got {first.get('input')!r}"
    return ConfigError(message, path=path, line=line, column=1 if line else None, hint=hint)


def _line_of_key(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(\[+\s*)?([\w.\-]*\.)?\"?{re.escape(key)}\"?\s*(=|\]|\.)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _toml_position(message: str, text: str) -> tuple[int | None, int | None]:
    match = re.search(r"line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    if "end of document" in message:
        lines = text.splitlines() or [""]
        return len(lines), len(lines[-1]) + 1
    return None, None

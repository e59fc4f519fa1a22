"""``voclab init``: look at a folder of exports and write the ``voclab.toml`` that describes them.

Every file is sniffed and parsed as ``voclab ingest`` would (nothing is written but the config): its kind, its
table and its counts go into a summary. From what was read, :func:`propose` finds what a say–do study needs —
the survey, its 0–10 recommend question, the intent question, the driver and importance grids, the customer
file, the outcome events (churn, renewal) and the segment columns — by question wording, value ranges and
column names. What it cannot decide is written commented out, with a hint, never guessed silently.
:func:`init` never overwrites an existing ``voclab.toml``: it writes ``voclab.toml.new`` beside it instead.

>>> result = init("exports/")  # doctest: +SKIP
>>> result.path, result.undecided  # doctest: +SKIP
(PosixPath('exports/voclab.toml'), ['intent'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from voclab._atomic import atomic_write_text
from voclab.config import MIN_BASE
from voclab.exceptions import VoclabError
from voclab.ingest import registry
from voclab.ingest.api import parse, source_name
from voclab.ingest.validate import Validated

__all__ = ["CONFIG_NAME", "InitResult", "Proposal", "init", "propose", "render_toml", "scan"]

CONFIG_NAME = "voclab.toml"
#: Folders ``voclab init`` writes into (and never scans).
OUTPUT_FOLDERS = ("processed", "quarantine", "interim", "reports")
_SCORE = re.compile(r"recommend|likely .*(friend|colleague)|\bnps\b", re.IGNORECASE)
_INTENT = re.compile(r"renew|continue|stay|cancel|repurchase|buy again|intend|intent", re.IGNORECASE)
_SATISFACTION = re.compile(r"satisf|rate|performance|experience", re.IGNORECASE)
_IMPORTANCE = re.compile(r"important|importance|matter", re.IGNORECASE)
_SEGMENT = re.compile(r"segment|region|plan|tier|contract|country|market|industry|size|channel", re.IGNORECASE)
_LEFT = re.compile(r"^(churn(ed)?|cancel(led|lation)?|left|lost|attrition)$", re.IGNORECASE)
_STAYED = re.compile(r"^(renew(al|ed)?|retained|stayed)$", re.IGNORECASE)


@dataclass
class Source:
    """One scanned file: what it is, and what was read from it (``result`` is None when it failed)."""

    path: Path
    name: str
    kind: str = ""
    result: Validated | None = None
    error: str = ""


@dataclass
class Proposal:
    """The study ``voclab init`` proposes: ``[saydo]`` keys found (``saydo``), segment columns, and for each key
    it could not decide, a hint (``undecided``)."""

    sources: list[Source]
    segments: list[str] = field(default_factory=list)
    saydo: dict[str, object] = field(default_factory=dict)
    brands: list[str] = field(default_factory=list)
    undecided: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class InitResult:
    """What :func:`init` did: the file written, the proposal, and the summary table of :func:`scan`."""

    path: Path
    proposal: Proposal
    summary: pd.DataFrame

    @property
    def undecided(self) -> list[str]:
        return list(self.proposal.undecided)


def _candidates(folder: Path) -> list[Path]:
    skip = {folder / name for name in OUTPUT_FOLDERS}
    files = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if not path.is_file() or any(p.startswith(".") for p in parts) or any(s in path.parents for s in skip):
            continue
        if path.name.startswith(CONFIG_NAME) or path.suffix.lower() in {".md", ".toml", ".yaml", ".yml", ".ipynb"}:
            continue
        files.append(path)
    return files


def scan(folder: str | Path) -> list[Source]:
    """Every export under ``folder`` (output folders, hidden files, docs and configs skipped), parsed."""
    folder = Path(folder)
    sources, names = [], set()
    for path in _candidates(folder):
        name = source_name(path)
        while name in names:
            name += "_"
        names.add(name)
        source = Source(path, name)
        try:
            reader, source.result = parse(path, "auto", {}, name)
            source.kind = reader.kind
        except VoclabError as exc:
            source.error = str(exc)
        sources.append(source)
    return sources


def summary(sources: list[Source]) -> pd.DataFrame:
    """One row per scanned file: ``file``, ``source``, ``kind``, ``table``, ``rows_read``, ``kept``,
    ``quarantined``, ``error``."""
    rows = []
    for s in sources:
        counts = s.result.counts() if s.result is not None else {}
        rows.append(
            {
                "file": str(s.path),
                "source": s.name,
                "kind": s.kind,
                "table": s.result.table if s.result is not None else "",
                "rows_read": counts.get("rows_read"),
                "kept": counts.get("kept"),
                "quarantined": counts.get("quarantined"),
                "error": s.error,
            }
        )
    return pd.DataFrame(rows, columns=["file", "source", "kind", "table", "rows_read", "kept", "quarantined", "error"])


def _numeric_range(answers: pd.DataFrame, column: str) -> tuple[float, float] | None:
    values = pd.to_numeric(answers[column], errors="coerce").dropna()
    return (float(values.min()), float(values.max())) if len(values) else None


def _survey(sources: list[Source]) -> Source | None:
    surveys = [s for s in sources if s.result is not None and s.result.table == "responses"]
    return max(surveys, key=lambda s: len(s.result.kept), default=None)


def _find_questions(survey: Source, proposal: Proposal) -> None:
    questions = survey.result.questions
    answers = survey.result.kept
    numeric = questions[(questions["type"] == "numeric") & questions["question_id"].isin(answers.columns)]
    ranges = {q: _numeric_range(answers, q) for q in numeric["question_id"]}
    text = dict(zip(numeric["question_id"], numeric["text"].fillna(""), strict=True))
    score = [q for q, r in ranges.items() if r and r[0] >= 0 and r[1] == 10 and _SCORE.search(text[q])]
    intent = [q for q, r in ranges.items() if r and r[0] >= 1 and r[1] <= 7 and _INTENT.search(text[q])]
    proposal.saydo["survey"] = survey.name
    _choose(proposal, "score", score, "the 0–10 'how likely to recommend' question id of the survey")
    _choose(proposal, "intent", intent, "the question id of stated intent (e.g. 'will you renew', 1–5)")
    grids: dict[str, list[str]] = {}
    for _parent, group in numeric[numeric["parent"].notna()].groupby("parent", sort=False):
        stem = str(group["text"].iloc[0]).split(" - ")[0]
        kind = "importance" if _IMPORTANCE.search(stem) else "drivers" if _SATISFACTION.search(stem) else None
        if kind and kind not in grids:
            grids[kind] = group["question_id"].tolist()
    for key, hint in (
        ("drivers", "the driver satisfaction question ids (a grid: 'how satisfied are you with …')"),
        ("importance", "stated importance question ids, in the order of drivers"),
    ):
        if key in grids:
            proposal.saydo[key] = grids[key]
        else:
            proposal.undecided[key] = hint


def _choose(proposal: Proposal, key: str, found: list[str], hint: str) -> None:
    if len(found) == 1:
        proposal.saydo[key] = found[0]
    else:
        seen = f" (candidates: {', '.join(found)})" if found else " (none found)"
        proposal.undecided[key] = hint + seen


def _find_behaviour(sources: list[Source], proposal: Proposal) -> None:
    behaviour = [s for s in sources if s.result is not None and s.result.table == "behaviour"]
    if not behaviour:
        proposal.undecided["customers"] = "the behaviour source with one row per customer (none found)"
        return
    dated = [s for s in behaviour if s.result.kept["ts"].notna().mean() > 0.5]
    wide = [s for s in behaviour if s not in dated] or behaviour
    customers = max(wide, key=lambda s: s.result.kept["customer_id"].nunique())
    proposal.saydo["customers"] = customers.name
    if dated:
        proposal.saydo["events"] = max(dated, key=lambda s: len(s.result.kept)).name
    events = pd.concat([s.result.kept for s in behaviour], ignore_index=True)
    for key, pattern in (("outcome", _LEFT), ("renewal", _STAYED)):
        # a dated event (churn on a day) says more than a flag (churned: Yes), so it is preferred
        found = events[events["event"].astype("string").str.match(pattern, na=False)]
        dated = found[found["ts"].notna()]
        names = [str(e) for e in (dated if len(dated) else found)["event"].astype("string").unique()]
        hint = "the event meaning the customer left" if key == "outcome" else "the event meaning the customer stayed"
        _choose(proposal, key, names, hint)
    attributes = events[events["ts"].isna() & events["detail"].notna()]
    for name, group in attributes.groupby(attributes["event"].astype("string"), sort=True):
        distinct = group["detail"].nunique()
        if _SEGMENT.search(str(name)) and 2 <= distinct <= 12:
            proposal.segments.append(str(name))
    # the most segment-like first: "Segment" before "Region" before "plan" (the order of the pattern)
    order = _SEGMENT.pattern.split("|")
    proposal.segments.sort(key=lambda n: next(i for i, w in enumerate(order) if re.search(w, n, re.IGNORECASE)))
    if not proposal.segments:
        proposal.undecided["segments"] = "customer attributes to split reports by (e.g. Segment, Region)"


#: A handle addressed by at least this share of the texts (and by 20 of them) is proposed as a brand.
BRAND_SHARE = 0.02


def _feedback_texts(sources: list[Source]) -> pd.Series | None:
    texts = [s.result.kept["text"] for s in sources if s.result is not None and s.result.table == "feedback"]
    return pd.concat(texts, ignore_index=True).astype("string").dropna() if texts else None


def _find_brands(sources: list[Source], proposal: Proposal) -> None:
    """The handles customers address most (``@united`` in a quarter of the airline tweets): names that voclab-cx
    should mask before scoring, since a brand that is an English word reads as an opinion."""
    text = _feedback_texts(sources)
    if text is None:
        return
    handles = text.str.findall(r"(?<![\w@])@(\w{2,})").explode().dropna().str.lower()
    counts = handles.groupby(handles).size().sort_values(ascending=False)
    proposal.brands = [h for h, n in counts.items() if n >= max(20, BRAND_SHARE * len(text))][:10]


#: Texts read (a random sample) to choose the starter codebook.
CODEBOOK_SAMPLE = 20_000


def _find_codebook(sources: list[Source], proposal: Proposal) -> None:
    """The starter codebook that marks most of the texts (the airline tweets: travel 50 %, general 20 %)."""
    from voclab.text import STARTER_CODEBOOKS, code_themes, starter_codebook

    text = _feedback_texts(sources)
    if text is None or text.empty:
        return
    text = text.sample(min(len(text), CODEBOOK_SAMPLE), random_state=0)
    covered = {name: code_themes(text, starter_codebook(name)).attrs["coverage"] for name in STARTER_CODEBOOKS}
    best = max(covered, key=covered.get)
    proposal.saydo["codebook"] = best
    others = ", ".join(f"{name} {share:.0%}" for name, share in covered.items() if name != best)
    proposal.notes["codebook"] = f"the starter that marks most texts: {covered[best]:.0%} ({others})"


def propose(sources: list[Source]) -> Proposal:
    """The study these sources allow (see the module docstring)."""
    proposal = Proposal(sources)
    survey = _survey(sources)
    if survey is None:
        proposal.undecided["survey"] = "the survey source (no survey export found)"
    else:
        _find_questions(survey, proposal)
    _find_behaviour(sources, proposal)
    _find_brands(sources, proposal)
    _find_codebook(sources, proposal)
    if proposal.segments:
        proposal.saydo["segments"] = proposal.segments[:1]
    return proposal


def _toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_toml(proposal: Proposal, folder: Path, name: str) -> str:
    """The commented ``voclab.toml`` for ``proposal`` (paths relative to ``folder``)."""
    lines = [
        f"# voclab project configuration, written by `voclab init` for {_toml_value(str(folder.name))}.",
        "# Paths are relative to this file. Keys voclab could not decide are commented out with a hint.",
        f"name = {_toml_value(name)}",
        f"segments = {_toml_value(proposal.segments)}  # customer attributes reports are split by",
        "",
        "[paths]",
        'raw = "."',
        *(f'{key} = "{key}"' for key in OUTPUT_FOLDERS),
        "",
    ]
    for source in proposal.sources:
        relative = source.path.relative_to(folder).as_posix()
        if source.result is None:
            lines += [f"# not readable as it is: {source.error}", "# [[sources]]", f"# file = {_toml_value(relative)}"]
        else:
            counts = source.result.counts()
            lines += [
                f"# {source.kind} → {source.result.table}: {counts['rows_read']:,} read, {counts['kept']:,} kept, "
                f"{counts['quarantined']:,} quarantined",
                "[[sources]]",
                f"name = {_toml_value(source.name)}",
                f"file = {_toml_value(relative)}",
                f"kind = {_toml_value(source.kind)}",
            ]
        lines.append("")
    lines += [
        "[reporting]",
        f'min_base = {MIN_BASE}          # groups with fewer answers show only "n<{MIN_BASE}"',
        'audience = "analyst"   # default audience: executive | analyst | frontline',
        "",
        "# How texts are scored: voclab-cx (VADER adapted to customer text) masks these names before scoring.",
        "[text]",
        f"brands = {_toml_value(proposal.brands)}  # the handles customers address most"
        if proposal.brands
        else '# brands = ["Acme"]  # company and product names to mask before scoring (none found in handles)',
        "",
        "# The say–do study: what customers say (survey) against what they do (behaviour).",
        "[saydo]",
    ]
    for key, value in proposal.saydo.items():
        lines.append(f"{key} = {_toml_value(value)}" + (f"  # {proposal.notes[key]}" if key in proposal.notes else ""))
    for key, hint in proposal.undecided.items():
        if key != "segments":
            lines.append(f"# {key} = ...  # {hint}")
    return "\n".join(lines) + "\n"


def init(folder: str | Path, *, name: str | None = None) -> InitResult:
    """Scan ``folder`` and write its ``voclab.toml`` (``voclab.toml.new`` when one exists: an edited config is
    never overwritten). Returns the path written, the proposal and the scan summary."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise VoclabError(f"{folder}: not a folder", hint="pass the folder holding your exports")
    sources = scan(folder)
    if not sources:
        raise VoclabError(
            f"{folder}: no export files found", hint=f"put exports there; voclab reads: {', '.join(registry.kinds())}"
        )
    proposal = propose(sources)
    target = folder / CONFIG_NAME
    if target.exists():
        target = folder / f"{CONFIG_NAME}.new"
    atomic_write_text(target, render_toml(proposal, folder, name or folder.name))
    return InitResult(target, proposal, summary(sources))

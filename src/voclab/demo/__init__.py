"""A deterministic synthetic company with planted say–do gaps, written in real export formats.

:func:`generate` writes surveys (Qualtrics, SurveyMonkey), tickets (Zendesk), forum threads (Discourse),
social posts (X API v2, Reddit NDJSON), app reviews and behaviour (customers, events) under one folder,
plus ``ground_truth.json`` (the planted effects, expected ingest counts, planted PII/XSS) and a README.
The same seed and size give byte-identical files.

Example
-------
>>> import tempfile
>>> truth = generate(tempfile.mkdtemp(), seed=1, customers=300)  # doctest: +SKIP
>>> truth["effects"]["a_satisfied_but_leaving"]["segment"]  # doctest: +SKIP
'Consumer'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voclab.demo import behaviour, exports, forum, readme, reviews, social, spec, surveys, tickets, truth
from voclab.demo._io import json_text, write
from voclab.demo._rng import stream
from voclab.demo.company import build
from voclab.demo.phrases import THEMES
from voclab.demo.project import CONFIG, config_text
from voclab.demo.records import Doc, FileCounts
from voclab.exceptions import ParameterError

__all__ = ["CODEBOOK", "MIN_CUSTOMERS", "codebook_yaml", "generate", "with_findings"]

#: Fewer customers than this leave too few respondents per segment and wave for the planted effects.
MIN_CUSTOMERS = 200
MAX_CUSTOMERS = 1_000_000
_STEPS = ("customers", "relationship survey", "tickets", "support survey", "forum", "social", "reviews", "behaviour")
Progress = Callable[[str, int, int], None]


def _check(out_dir: str | Path, seed: object, customers: object) -> Path:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}", hint="pass e.g. --seed 42")
    if isinstance(customers, bool) or not isinstance(customers, int):
        raise ParameterError(f"customers must be an integer, got {customers!r}", hint="pass e.g. --customers 5000")
    if not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise ParameterError(
            f"customers must be between {MIN_CUSTOMERS} and {MAX_CUSTOMERS:,}, got {customers}",
            hint=f"use at least {MIN_CUSTOMERS} so every segment and wave has enough respondents (default 5000)",
        )
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out} is a file, not a folder", hint="pass a folder to write the demo data into")
    return out


def generate(
    out_dir: str | Path,
    seed: int = 42,
    customers: int = 5000,
    progress: Progress | None = None,
    *,
    gaps: bool = True,
) -> dict[str, object]:
    """Generate the demo company into ``out_dir`` and return the ground truth (also in ``ground_truth.json``).

    ``gaps=False`` writes the same customers with every planted effect set to zero (:data:`.spec.NO_GAPS`):
    the ground truth then expects no finding flagged. ``progress(step, done, total)`` is called before each
    step and once at the end. Raises
    :class:`~voclab.exceptions.ParameterError` for a bad seed, size or folder.
    """
    out = _check(out_dir, seed, customers)
    total = len(_STEPS)

    def step(done: int) -> None:
        if progress is not None:
            progress(_STEPS[done] if done < total else "done", done, total)

    files: dict[str, str] = {}
    counts: dict[str, tuple[str, FileCounts]] = {}
    step(0)
    company = build(stream(seed, "company"), customers, spec.PLANTED if gaps else spec.NO_GAPS)
    step(1)
    relationship = surveys.relationship(seed, company)
    files[exports.QUALTRICS_FILE], found = exports.qualtrics_csv(seed, company, relationship)
    counts[exports.QUALTRICS_FILE] = ("qualtrics", found)
    docs = [
        Doc(exports.QUALTRICS_FILE, r.response_id, r.customer, r.end, r.comment, "", r.planted, "survey")
        for r in relationship
    ]
    step(2)
    ticket_list, ticket_docs = tickets.draw(seed, company)
    files[tickets.FILE], found = tickets.zendesk_json(seed, company, ticket_list)
    counts[tickets.FILE] = ("zendesk", found)
    docs += ticket_docs
    step(3)
    support = surveys.support(seed, company, ticket_list)
    files[exports.SURVEYMONKEY_FILE], found = exports.surveymonkey_csv(seed, company, support)
    counts[exports.SURVEYMONKEY_FILE] = ("surveymonkey", found)
    docs += [
        Doc(exports.SURVEYMONKEY_FILE, r.response_id, r.customer, r.end, r.comment, "", r.planted, "survey")
        for r in support
    ]
    step(4)
    topics, forum_docs, unanswered = forum.draw(seed, company)
    files[forum.FILE], found = forum.discourse_json(topics)
    counts[forum.FILE] = ("discourse", found)
    docs += forum_docs
    step(5)
    page, x_docs = social.x_page(seed, max(60, customers // 4), company.effects)
    files[social.X_FILE] = json_text(page, indent=None)
    counts[social.X_FILE] = ("x-json", FileCounts(len(x_docs)))
    files[social.REDDIT_FILE], found, reddit_docs = social.reddit_lines(seed, max(20, customers // 25), company.effects)
    counts[social.REDDIT_FILE] = ("reddit", found)
    docs += x_docs + reddit_docs
    step(6)
    files[reviews.FILE], found, review_docs = reviews.app_reviews_csv(seed, max(50, customers // 5), company.effects)
    counts[reviews.FILE] = ("reviews", found)
    docs += review_docs
    step(7)
    respondents = {r.customer for r in relationship}
    files[behaviour.CUSTOMERS_FILE], found = behaviour.customers_csv(company, respondents)
    counts[behaviour.CUSTOMERS_FILE] = ("behaviour", found)
    files[behaviour.EVENTS_FILE], found = behaviour.events_csv(seed, company)
    counts[behaviour.EVENTS_FILE] = ("behaviour", found)

    effects = with_findings(truth.effects(company, relationship, docs, unanswered), gaps=gaps)
    ground = _ground_truth(seed, company.n, relationship, counts, effects)
    ground["generator"]["gaps"] = gaps
    ground["planted_values"] = truth.planted_values(docs)
    files["ground_truth.json"] = json_text(ground, sort_keys=True) + "\n"
    files["README.md"] = readme.readme(seed, customers, gaps=gaps)
    files[CODEBOOK] = codebook_yaml()
    config = CONFIG if not (Path(out) / CONFIG).exists() else f"{CONFIG}.new"  # an edited config is kept
    files[config] = config_text()
    for relative in sorted(files):
        write(out, relative, files[relative])
    step(total)
    return ground


def with_findings(effects: dict[str, object], *, gaps: bool = True) -> dict[str, object]:
    """Each planted effect (a–j) with the ``finding_id`` the register (:func:`voclab.saydo.gap_register` on the
    demo's ``voclab.toml``) gives it, whether it should be ``flagged`` (f: planted to be *not* flagged; none
    when the company has no ``gaps``), and the ``sign`` its estimate should have (``+``: above 0, or above 1 for
    a ratio; ``-``: below; empty when not flagged)."""
    question = {d.name: f"Q3_{i}" for i, d in enumerate(spec.DRIVERS, start=1)}
    expected = {
        "a_satisfied_but_leaving": (f"discordance:{effects['a_satisfied_but_leaving']['segment']}", True, "+"),
        "b_intent_overstates_renewal": (f"intent_gap:{effects['b_intent_overstates_renewal']['segment']}", True, "+"),
        "c_important_but_irrelevant_driver": (
            f"importance_said_not_done:{question[effects['c_important_but_irrelevant_driver']['driver']]}",
            True,
            "-",
        ),
        "d_hidden_driver": (f"importance_done_not_said:{question[effects['d_hidden_driver']['driver']]}", True, "+"),
        "e_theme_predicts_churn": ("theme_lift:billing_errors", True, "+"),
        "f_loud_online_irrelevant": ("theme_lift:dark_mode", False, ""),
        "g_tickets_only_theme": ("channel_gap:account_access:ticket", True, "+"),
        "h_sudden_stop": ("sudden_drop:sync_bug:ticket", True, "-"),
        "i_silent_churn_more": ("nonresponse:all", True, "+"),
        "j_unanswered_threads": ("unanswered:all", True, "+"),
    }
    out = dict(effects)
    for key, (finding, flagged, sign) in expected.items():
        flagged = flagged and gaps
        out[key] = {
            **effects[key],
            "finding_id": finding,
            "expect": "flagged" if flagged else "not flagged",
            "sign": sign if flagged else "",
        }
    return out


#: The demo's codebook: its themes, by the same patterns that planted them (``[saydo] codebook``).
CODEBOOK = "codebook.yaml"


def codebook_yaml() -> str:
    """The demo themes as a voclab codebook (YAML, one ``re:`` term per theme: the pattern that wrote them)."""
    import yaml

    rows = [
        {"theme": name, "include": [f"re:{theme.pattern}"], "description": theme.label}
        for name, theme in sorted(THEMES.items())
    ]
    return yaml.safe_dump({"themes": rows}, sort_keys=False, allow_unicode=True)


def _ground_truth(
    seed: int,
    customers: int,
    relationship: list,  # type: ignore[type-arg]
    counts: dict[str, tuple[str, FileCounts]],
    effects: dict[str, object],
) -> dict[str, object]:
    waves = {}
    for w, wave in enumerate(spec.WAVES):
        scores = [int(r.answers["Q1"]) for r in relationship if r.wave == w]
        waves[wave.name] = {"n": len(scores), "nps": truth.nps(scores), "target": wave.target}
    return {
        "generator": {"name": "voclab.demo", "seed": seed, "customers": customers, "version": 1},
        "company": {
            "name": spec.COMPANY,
            "year": spec.YEAR,
            "segments": {s.name: s.share for s in spec.SEGMENTS},
            "regions": list(spec.REGIONS),
            "drivers": [d.name for d in spec.DRIVERS],
            "waves": [w.name for w in spec.WAVES],
        },
        "files": {path: {"kind": kind, **found.as_dict()} for path, (kind, found) in sorted(counts.items())},
        "themes": {name: {"label": theme.label, "pattern": theme.pattern} for name, theme in THEMES.items()},
        "nps_by_wave": waves,
        "effects": effects,
    }

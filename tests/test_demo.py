"""The demo generator: determinism, every file loads as its kind with the planned quarantine, and each planted
effect recomputed from the files (through ``voclab.load``) matches ``ground_truth.json``."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

import voclab
from voclab.demo import generate
from voclab.demo.phrases import CLOSERS, EXCLUSIVE, GENERIC, OPENERS, REPLIES, SLOTS, STAFF_REPLIES, THEMES
from voclab.demo.text import luhn_ok
from voclab.exceptions import ParameterError

SEED = 42
CUSTOMERS = 2000
QUALTRICS = "surveys/relationship_qualtrics.csv"
SURVEYMONKEY = "surveys/support_csat_surveymonkey.csv"
TEXT_FILES = (
    "tickets/zendesk_tickets.json",
    "forum/discourse_topics.json",
    "social/x_api_v2.json",
    "social/reddit.ndjson",
    "reviews/app_reviews.csv",
)


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("demo")
    truth = generate(root, seed=SEED, customers=CUSTOMERS)
    return root, truth


@pytest.fixture(scope="module")
def truth(demo: tuple[Path, dict]) -> dict:
    return demo[1]


@pytest.fixture(scope="module")
def root(demo: tuple[Path, dict]) -> Path:
    return demo[0]


@pytest.fixture(scope="module")
def survey(root: Path) -> voclab.Survey:
    return voclab.load_survey(root / QUALTRICS)


@pytest.fixture(scope="module")
def customers(root: Path) -> pd.DataFrame:
    """One row per customer: segment, churned (0/1), renewed (0/1), from the wide behaviour file."""
    long = voclab.load(root / "behaviour/customers.csv")
    numbers = long.pivot(index="customer_id", columns="event", values="value")
    labels = long.pivot(index="customer_id", columns="event", values="detail")
    return pd.DataFrame(
        {"segment": labels["Segment"], "churned": numbers["churned"].astype(int), "renewed": numbers["renewed"]}
    )


@pytest.fixture(scope="module")
def responses(survey: voclab.Survey, customers: pd.DataFrame) -> pd.DataFrame:
    """Kept relationship-survey responses with each customer's churn."""
    return survey.responses.join(customers[["churned"]], on="customer_id")


@pytest.fixture(scope="module")
def texts(root: Path) -> pd.DataFrame:
    """Every piece of customer text in every channel: file, id, created_at, text (title + body)."""
    parts = []
    for path in TEXT_FILES:
        frame = voclab.load(root / path)
        body = frame["title"].fillna("").str.cat(frame["text"].fillna(""), sep="\n").str.strip()
        columns = {
            "file": path,
            "id": frame["id"],
            "created_at": frame["created_at"],
            "text": body,
            "body": frame["text"],
        }
        parts.append(pd.DataFrame(columns))
    for path, column in ((QUALTRICS, "Q6_TEXT"), (SURVEYMONKEY, "Q5")):
        frame = voclab.load_survey(root / path).responses
        frame = frame[frame[column].notna()]
        parts.append(
            pd.DataFrame(
                {"file": path, "id": frame["respondent_id"], "created_at": frame["submitted_at"], "text": frame[column]}
            )
        )
    return pd.concat(parts, ignore_index=True)


def _matches(values: pd.Series, theme: str, truth: dict) -> pd.Series:
    return values.fillna("").str.contains(truth["themes"][theme]["pattern"], flags=re.IGNORECASE, regex=True)


def _churn_test(customers: pd.DataFrame, group: pd.Series, rest: pd.Series) -> tuple[float, float, float, float]:
    """Churn rate of ``group`` and ``rest`` (boolean masks over ``customers``), their ratio and the z-test p."""
    churned = customers["churned"]
    counts = [int(churned[group].sum()), int(churned[rest].sum())]
    sizes = [int(group.sum()), int(rest.sum())]
    _, p_value = proportions_ztest(counts, sizes)
    rate, rate_rest = counts[0] / sizes[0], counts[1] / sizes[1]
    return rate, rate_rest, rate / rate_rest, float(p_value)


# -- the generator ----------------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_another_seed_differs(root: Path, tmp_path: Path) -> None:
    first = _hashes(root)
    generate(tmp_path / "again", seed=SEED, customers=CUSTOMERS)
    assert _hashes(tmp_path / "again") == first
    generate(tmp_path / "other", seed=SEED + 1, customers=CUSTOMERS)
    other = _hashes(tmp_path / "other")
    assert other.keys() == first.keys()
    project = {"voclab.toml", "codebook.yaml"}  # the project files are the same for every seed
    assert all(other[name] != first[name] for name in first if name not in project)
    assert all(other[name] == first[name] for name in project)


def test_writes_every_file_and_the_truth(root: Path, truth: dict) -> None:
    written = set(_hashes(root))
    assert written == {*truth["files"], "ground_truth.json", "README.md", "voclab.toml", "codebook.yaml"}
    on_disk = (root / "ground_truth.json").read_text(encoding="utf-8")
    assert json.loads(on_disk) == json.loads(json.dumps(truth))
    assert on_disk == json.dumps(json.loads(on_disk), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert not list(root.rglob(".*.tmp*"))


def test_folder_ingest_finds_exactly_the_data_files(root: Path, truth: dict) -> None:
    from voclab.ingest.store import discover

    found = {str(spec.path.relative_to(root)) for spec in discover(root)}
    assert found == set(truth["files"])  # README.md and ground_truth.json are not mistaken for data


def test_progress_reports_each_step(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    generate(tmp_path, seed=3, customers=200, progress=lambda *args: calls.append(args))
    assert [done for _, done, _ in calls] == list(range(len(calls)))
    assert calls[-1] == ("done", len(calls) - 1, len(calls) - 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"customers": 199}, "between 200"),
        ({"customers": 2.5}, "integer"),
        ({"seed": -1}, "non-negative"),
        ({"seed": True}, "non-negative"),
    ],
)
def test_bad_parameters_are_parameter_errors(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message) as info:
        generate(tmp_path, **kwargs)
    assert info.value.hint
    assert not list(tmp_path.iterdir())


def test_out_dir_that_is_a_file_is_a_parameter_error(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ParameterError, match="is a file"):
        generate(target, customers=200)


def test_exclusive_theme_patterns_match_only_their_own_sentences() -> None:
    shared = [*CLOSERS, *OPENERS, *REPLIES, *STAFF_REPLIES, *(v for values in SLOTS.values() for v in values)]
    shared += [s for values in GENERIC.values() for s in values]
    for name, theme in THEMES.items():
        own = [*theme.negative, *theme.positive]
        assert all(re.search(theme.pattern, s, re.IGNORECASE) for s in own), name
        for other in EXCLUSIVE:
            if other != name:
                others = [*own, *theme.subjects, *theme.titles]
                assert not [s for s in others if re.search(THEMES[other].pattern, s, re.IGNORECASE)], (name, other)
    for name in EXCLUSIVE:
        assert not [s for s in shared if re.search(THEMES[name].pattern, s, re.IGNORECASE)], name


# -- every file loads as its kind, with the planned quarantine -------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        QUALTRICS,
        SURVEYMONKEY,
        "tickets/zendesk_tickets.json",
        "forum/discourse_topics.json",
        "social/x_api_v2.json",
        "social/reddit.ndjson",
        "reviews/app_reviews.csv",
        "behaviour/customers.csv",
        "behaviour/events.csv",
    ],
)
def test_file_loads_with_expected_kind_and_counts(root: Path, truth: dict, path: str) -> None:
    expected = truth["files"][path]
    frame = voclab.load(root / path)
    info = frame.attrs["voclab"]
    assert info["kind"] == expected["kind"]
    for key in ("rows_read", "kept", "quarantined", "duplicates"):
        assert info[key] == expected[key], key
    reasons = voclab.quarantine_of(frame)["reason"].astype(str)
    for reason, count in expected["quarantine_reasons"].items():
        assert reasons.str.contains(reason.split()[0], regex=False).sum() >= count, reason


def test_surveys_keep_question_text_import_ids_and_labels(root: Path, survey: voclab.Survey) -> None:
    questions = survey.questions.set_index("question_id")
    assert questions.loc["Q1", "import_id"] == "QID1"
    assert questions.loc["Q1_NPS_GROUP", "import_id"] == "QID1_NPS_GROUP"
    assert questions.loc["Q3_5", "text"].endswith("- Onboarding")
    assert questions.loc["Q6_TEXT", "type"] == "text"
    assert survey.label("Q1_NPS_GROUP", 3.0) == "Promoter"
    assert set(survey.responses["Wave"]) == {"2025Q1", "2025Q2", "2025Q3", "2025Q4"}
    assert survey.responses["respondent_id"].str.fullmatch(r"R_[A-Za-z0-9]{15}").all()
    support = voclab.load_survey(root / SURVEYMONKEY)
    catalogue = support.questions.set_index("question_id")
    assert catalogue.loc["Q3_2", "text"].endswith("- Speed")
    assert support.label("Q2", 5) == "Very satisfied"
    assert support.responses["respondent_id"].str.fullmatch(r"\d{11}").all()
    assert support.responses["customer_id"].str.fullmatch(r"1\d{6}").all()


def test_nps_by_wave_matches_and_trends_up(responses: pd.DataFrame, truth: dict) -> None:
    for wave, expected in truth["nps_by_wave"].items():
        scores = responses.loc[responses["Wave"] == wave, "Q1"]
        nps = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
        assert len(scores) == expected["n"]
        assert nps == pytest.approx(expected["nps"], abs=0.01)
    by_wave = [truth["nps_by_wave"][w]["nps"] for w in sorted(truth["nps_by_wave"])]
    assert by_wave[-1] > by_wave[0]
    assert all(abs(v["nps"] - v["target"]) < 15 for v in truth["nps_by_wave"].values())


# -- the planted effects, recomputed from the files ------------------------------------------------------


def test_a_satisfied_segment_churns_more(responses: pd.DataFrame, customers: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["a_satisfied_but_leaving"]
    segment = effect["segment"]
    by_segment = responses.groupby("Segment")["Q1"].apply(lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()))
    assert by_segment.idxmax() == segment
    assert by_segment[segment] == pytest.approx(effect["nps"], abs=0.01)
    csat = responses.groupby("Segment")["Q2"].mean()
    assert csat.idxmax() == segment
    inside = customers["segment"] == segment
    rate, rate_rest, _, p_value = _churn_test(customers, inside, ~inside)
    assert rate == pytest.approx(effect["churn"]["rate"], abs=1e-4)
    assert rate_rest == pytest.approx(effect["churn"]["rate_rest"], abs=1e-4)
    assert rate > rate_rest + 0.05
    assert p_value < 0.001


def test_b_intent_overstates_renewal_in_one_segment(
    responses: pd.DataFrame, customers: pd.DataFrame, truth: dict
) -> None:
    effect = truth["effects"]["b_intent_overstates_renewal"]
    answered = responses[responses["Q5"].notna()].sort_values("submitted_at", kind="stable")
    latest = answered.groupby("customer_id").tail(1).join(customers[["renewed"]], on="customer_id")
    gaps = 100 * latest.groupby("Segment").apply(lambda g: (g["Q5"] >= 4).mean() - g["renewed"].mean())
    assert gaps[effect["segment"]] == pytest.approx(effect["gap_pts"], abs=0.01)
    assert gaps[effect["segment"]] >= 12
    assert gaps[effect["segment"]] >= gaps.drop(effect["segment"]).abs().max() + 5


def _driver_stats(responses: pd.DataFrame, truth: dict) -> pd.DataFrame:
    rows = {}
    ratings = [d["rating_column"] for d in truth["effects"]["drivers"].values()]
    z = (responses[ratings] - responses[ratings].mean()) / responses[ratings].std()
    design = np.column_stack([np.ones(len(z)), z.to_numpy(dtype=float)])
    beta = np.linalg.lstsq(design, responses["Q1"].to_numpy(dtype=float), rcond=None)[0][1:]
    for (name, d), coefficient in zip(truth["effects"]["drivers"].items(), beta, strict=True):
        rows[name] = {
            "importance": responses[d["importance_column"]].mean(),
            "corr_nps": stats.pearsonr(responses[d["rating_column"]], responses["Q1"])[0],
            "corr_churn": stats.pearsonr(responses[d["rating_column"]], responses["churned"])[0],
            "beta_nps": coefficient,
        }
    return pd.DataFrame(rows).T


def test_c_important_driver_moves_nothing(responses: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["c_important_but_irrelevant_driver"]
    drivers = _driver_stats(responses, truth)
    loud = drivers.loc[effect["driver"]]
    assert drivers["importance"].idxmax() == effect["driver"]
    assert loud["importance"] == pytest.approx(effect["mean_importance"], abs=1e-4)
    assert loud["corr_nps"] == pytest.approx(effect["corr_rating_nps"], abs=1e-4)
    assert abs(loud["corr_nps"]) < 0.08 and abs(loud["corr_churn"]) < 0.08  # ~2 SE: a customer answers up to 4 waves
    assert abs(loud["beta_nps"]) < 0.1 < drivers["beta_nps"].drop(effect["driver"]).min()


def test_d_hidden_driver_is_unimportant_but_strongest(responses: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["d_hidden_driver"]
    drivers = _driver_stats(responses, truth)
    assert drivers["importance"].idxmin() == effect["driver"]
    assert drivers["corr_nps"].idxmax() == effect["driver"]
    assert drivers["corr_churn"].idxmin() == effect["driver"]
    assert drivers["beta_nps"].idxmax() == effect["driver"]
    assert drivers.loc[effect["driver"], "corr_churn"] == pytest.approx(effect["corr_rating_churn"], abs=1e-4)


def _theme_churn(responses: pd.DataFrame, customers: pd.DataFrame, theme: str, truth: dict) -> tuple:
    """Churn of customers whose comments mention ``theme`` vs the other customers who wrote a comment."""
    said = responses.loc[_matches(responses["Q6_TEXT"], theme, truth), "customer_id"]
    commenters = customers.index.isin(responses.loc[responses["Q6_TEXT"].notna(), "customer_id"])
    mentioned = customers.index.isin(said)
    group, rest = pd.Series(mentioned, customers.index), pd.Series(commenters & ~mentioned, customers.index)
    return _churn_test(customers, group, rest)


def test_e_billing_theme_predicts_churn(responses: pd.DataFrame, customers: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["e_theme_predicts_churn"]
    _, _, ratio, p_value = _theme_churn(responses, customers, effect["theme"], truth)
    assert ratio == pytest.approx(effect["churn"]["ratio"], abs=1e-3)
    assert ratio >= 1.6
    assert p_value < 0.01


def test_f_loud_online_theme_does_not_predict_churn(
    responses: pd.DataFrame, customers: pd.DataFrame, texts: pd.DataFrame, truth: dict
) -> None:
    effect = truth["effects"]["f_loud_online_irrelevant"]
    social = texts[texts["file"].str.startswith("social/")]
    shares = {name: _matches(social["text"], name, truth).mean() for name in truth["themes"]}
    assert max(shares, key=shares.get) == effect["theme"]
    assert shares[effect["theme"]] == pytest.approx(effect["in_social"]["share"], abs=1e-4)
    comments = responses["Q6_TEXT"].dropna()
    assert _matches(comments, effect["theme"], truth).mean() < shares[effect["theme"]] / 2
    _, _, ratio, p_value = _theme_churn(responses, customers, effect["theme"], truth)
    assert ratio == pytest.approx(effect["churn"]["ratio"], abs=1e-3)
    assert p_value > 0.05


def test_g_ticket_theme_never_in_survey_comments(texts: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["g_tickets_only_theme"]
    hits = _matches(texts["text"], effect["theme"], truth)
    tickets = texts["file"] == "tickets/zendesk_tickets.json"
    surveys = texts["file"].isin([QUALTRICS, SURVEYMONKEY])
    assert hits[tickets].sum() == effect["in_tickets"]["mentions"]
    assert hits[tickets].mean() > 0.1
    assert surveys.sum() > 500
    assert hits[surveys].sum() == 0


def test_h_topic_stops_after_the_fix(texts: pd.DataFrame, truth: dict) -> None:
    effect = truth["effects"]["h_sudden_stop"]
    fix = pd.Timestamp(effect["fix_date"], tz="UTC")
    hits = texts[_matches(texts["text"], effect["theme"], truth)]
    by_month = hits["created_at"].dt.strftime("%Y-%m").value_counts()
    assert len(hits) == effect["mentions_before_fix"]
    assert (hits["created_at"] < fix).all()
    assert all(by_month.get(f"2025-{m:02d}", 0) >= 5 for m in range(1, 6))
    assert {m: by_month.get(m, 0) for m in effect["by_month"]} == effect["by_month"]
    assert hits["file"].nunique() >= 5  # tickets, forum, X, Reddit, reviews, surveys


def test_no_gaps_is_the_same_company_with_every_effect_at_zero(tmp_path: Path) -> None:
    planted = generate(tmp_path / "planted", seed=5, customers=200)
    null = generate(tmp_path / "null", seed=5, customers=200, gaps=False)
    same = [voclab.load(tmp_path / k / "behaviour/customers.csv") for k in ("planted", "null")]
    segments = [f[f["event"] == "Segment"].set_index("customer_id")["detail"] for f in same]
    pd.testing.assert_series_equal(*segments)
    assert (planted["generator"]["gaps"], null["generator"]["gaps"]) == (True, False)
    effects = null["effects"]
    assert effects["a_satisfied_but_leaving"]["planted"]["nps_shift"] == 0.0
    assert effects["e_theme_predicts_churn"]["planted"]["hazard_ratio"] == 1.0
    assert effects["i_silent_churn_more"]["planted"]["engagement_churn_effect"] == 0.0
    assert effects["j_unanswered_threads"]["count"] == 0
    assert effects["h_sudden_stop"]["mentions_after_fix"] > 0  # nothing stops
    assert {d["planted_churn_weight"] for d in effects["drivers"].values()} == {0.0}


def test_i_non_respondents_churn_more(responses: pd.DataFrame, customers: pd.DataFrame, root: Path, truth: dict):
    """Recomputed from the files: who had answered by the survey's midpoint, who had left before it, who left
    after it (the churn events' dates)."""
    effect = truth["effects"]["i_silent_churn_more"]
    times = responses["submitted_at"].sort_values(ignore_index=True)
    midpoint = times.iloc[len(times) // 2]
    assert midpoint == pd.Timestamp(effect["midpoint"], tz="UTC")
    events = voclab.load(root / "behaviour/events.csv")
    churn = events[(events["event"] == "churn") & (events["value"] == 1)].set_index("customer_id")["ts"]
    left = churn.reindex(customers.index)
    active = ~(left < midpoint)
    answered = pd.Series(customers.index.isin(responses.loc[responses["submitted_at"] < midpoint, "customer_id"]))
    answered.index = customers.index
    later = customers.assign(churned=(left >= midpoint).astype(int))
    rate, rate_rest, ratio, p_value = _churn_test(later, active & ~answered, active & answered)
    assert (rate, rate_rest) == (
        pytest.approx(effect["churn"]["rate"], abs=1e-4),
        pytest.approx(effect["churn"]["rate_rest"], abs=1e-4),
    )
    assert ratio > 1.2
    assert p_value < 0.01


def test_j_unanswered_threads(root: Path, truth: dict) -> None:
    posts = voclab.load(root / "forum/discourse_topics.json")
    openers = posts[posts["doc_type"].isin(["question", "post"])]
    replied = set(posts.loc[posts["doc_type"] == "reply", "thread_id"])
    unanswered = sorted(int(t) for t in openers.loc[openers["reply_count"] == 0, "thread_id"])
    assert unanswered == truth["effects"]["j_unanswered_threads"]["topic_ids"]
    assert not replied & {str(t) for t in unanswered}
    assert 0.05 < len(unanswered) / len(openers) < 0.4


# -- the texts --------------------------------------------------------------------------------------------


def test_texts_read_like_customers(texts: pd.DataFrame) -> None:
    for path, frame in texts.groupby("file"):
        written = frame["body"][frame["body"].fillna("") != ""]
        assert written.is_unique, path
    everything = texts["text"]
    sentences = everything.str.split(r"(?<=[.!?])\s+|\n+", regex=True).explode().str.strip()
    assert sentences.nunique() > 1000
    assert everything.str.contains(r"[\U0001F300-\U0001FAFF]", regex=True).mean() > 0.1
    assert everything.str.contains(r"\b(?:teh|becuase|definately|adn|agian|wich)\b", regex=True).sum() > 20
    assert everything.str.contains(r"not bad at all|can't complain|not cheap", case=False, regex=True).sum() > 10
    assert everything.str.len().describe()["std"] > 40
    assert (everything.str.count(r"\n") > 0).mean() > 0.1


def test_planted_personal_data_and_scripts_are_where_the_truth_says(texts: pd.DataFrame, truth: dict) -> None:
    by_id = texts.set_index(["file", "id"])["text"]
    planted = truth["planted_values"]
    assert len(planted["pii"]) >= 20 and len(planted["xss"]) >= 5
    checks = {
        "email": lambda t: re.search(r"[\w.]+@(?:mail\.)?example\.(?:com|org|net)", t),
        "phone": lambda t: re.search(r"(?:\+\d{1,2} )?\(?\d{3}\)?[ -]\d{2,4}[ -]?\d{3,4}", t),
        "card": lambda t: any(luhn_ok(m) for m in re.findall(r"\b\d{4} ?\d{4} ?\d{4} ?\d{4}\b", t)),
        "handle": lambda t: re.search(r"@[a-z]+_[a-z]+\d+", t),
    }
    for item in planted["pii"]:
        text = by_id[(item["file"], item["id"])]
        for kind in item["kinds"]:
            assert checks[kind](text), (item, text)
    for item in planted["xss"]:
        assert re.search(r"<script>|onerror=|onload=", by_id[(item["file"], item["id"])]), item
    kinds = {kind for item in planted["pii"] for kind in item["kinds"]}
    assert kinds == {"email", "phone", "card", "handle"}

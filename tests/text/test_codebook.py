"""Codebook coding: terms, wildcards, regex, exclusions, hierarchy, coverage, files and their errors."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from numpy.testing import assert_allclose
from statsmodels.stats.proportion import proportion_confint

from voclab import FormatError, cli
from voclab.exceptions import ParameterError
from voclab.text import (
    STARTER_CODEBOOKS,
    audit_codebook,
    audit_precision,
    code_themes,
    codebook_from_rows,
    load_codebook,
    starter_codebook,
    theme_long,
    theme_summary,
    theme_trend,
    volume,
)

BOOK = codebook_from_rows(
    [
        {"theme": "Delivery", "parent": "Fulfilment", "include": ["deliver*", "courier", "arrived late"]},
        {"theme": "Returns", "parent": "Fulfilment", "include": "return*;refund", "exclude": "return flight"},
        {"theme": "UI", "include": [r"re:\bUI\b", "interface"], "description": "screens"},
    ]
)
TEXTS = pd.Series(
    [
        "Delivery was late",
        "the courier lost it",
        "I want a REFUND",
        "Our return flight was fine",
        "It arrived   late",
        "the new ui is clean",
        "undelivered",
        "",
    ]
)


def test_terms_wildcards_regex_exclusions_and_roll_up():
    coded = code_themes(TEXTS, BOOK)
    assert coded.columns.tolist() == ["Delivery", "Returns", "UI", "Fulfilment"]
    assert coded.Delivery.tolist() == [True, True, False, False, True, False, False, False]
    assert coded.Returns.tolist() == [False, False, True, False, False, False, False, False]
    assert coded.UI.tolist() == [False] * 5 + [True, False, False]
    assert coded.Fulfilment.equals(coded.Delivery | coded.Returns)
    assert coded.attrs["coverage"] == round(5 / 7, 4)  # the empty text does not count


def test_matches_equal_a_per_text_python_regex_loop():
    texts = pd.concat([TEXTS, pd.Series(["Our return flight was late, so I want a refund"])], ignore_index=True)
    coded = code_themes(texts, BOOK, roll_up=False)
    for row in BOOK.table.itertuples():
        expected = [bool(re.search(row.pattern, re.sub(row.exclude_pattern or "$^", " ", t))) for t in texts]
        assert coded[row.theme].tolist() == expected
    assert coded.Returns.iloc[-1]  # "return flight" does not count, "refund" in the same text still does


def test_summary_long_form_and_trend():
    coded = code_themes(TEXTS, BOOK)
    scores = pd.DataFrame(
        {"label": ["negative", "negative", "negative", "positive", "neutral", "positive", "neutral", "neutral"]}
    )
    summary = theme_summary(coded, scores, BOOK)
    delivery = summary.set_index("theme").loc["Delivery"]
    assert (delivery["count"], delivery.parent) == (3, "Fulfilment")
    assert delivery.net == pytest.approx(100 * (0 - 2 / 3))
    assert summary.theme.iloc[-1] == "(no theme)" and summary["count"].iloc[-1] == 3
    assert_allclose(delivery[["share_low", "share_high"]].astype(float), proportion_confint(3, 8, method="wilson"))
    ui = summary.set_index("theme").loc["UI"]  # one text: the interval stays on the scale (was ±138)
    assert ui["count"] == 1 and -100 <= ui.ci_low < ui.ci_high <= 100
    long = theme_long(coded[["Delivery", "UI"]], ids=pd.Series([f"t{i}" for i in range(8)]))
    assert long.values.tolist() == [["t0", "Delivery"], ["t1", "Delivery"], ["t4", "Delivery"], ["t5", "UI"]]
    dates = pd.Series(pd.to_datetime(["2025-01-03"] * 4 + ["2025-02-01"] * 4, utc=True))
    trend = theme_trend(coded, dates, "M").set_index(["period", "theme"])
    assert trend.loc[("2025-01", "Delivery"), "count"] == 2 and trend.loc[("2025-02", "UI"), "share"] == 0.25


def test_starter_codebook_covers_common_cx_themes():
    book = starter_codebook()
    assert {"Price and value", "Delivery", "Support", "Reliability", "Ease of use", "Billing"} <= set(book.themes)
    coded = code_themes(pd.Series(["I was charged twice on my invoice", "way too expensive", "app keeps crashing"]))
    assert coded.Billing.tolist() == [True, False, False]
    assert coded["Price and value"].tolist() == [False, True, False]
    assert coded.Reliability.tolist() == [False, False, True]


def test_files_round_trip_and_errors_name_the_file(tmp_path):
    csv = tmp_path / "book.csv"
    csv.write_text("theme,parent,include,exclude,description\nPrice,,price*;cost,,money\n")
    assert load_codebook(csv).table.include.tolist() == [["price*", "cost"]]
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("themes:\n  - theme: A\n    include: [a\n")
    with pytest.raises(FormatError, match=r"bad.yaml:\d+:\d+: not valid YAML"):
        load_codebook(bad_yaml)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("themes:\n  - theme: A\n    include: [a]\n    colour: red\n")
    with pytest.raises(FormatError, match="unknown.yaml: theme 1 has an unknown field 'colour'"):
        load_codebook(unknown)
    with pytest.raises(FormatError, match="RE2"):
        codebook_from_rows([{"theme": "X", "include": ["re:(?<!a)b"]}])
    with pytest.raises(FormatError, match="appears twice"):
        codebook_from_rows([{"theme": "X", "include": ["a"]}, {"theme": "X", "include": ["b"]}])
    with pytest.raises(FormatError, match="no include terms"):
        codebook_from_rows([{"theme": "X"}])


def test_volume_counts_texts_per_week_and_group():
    posts = pd.DataFrame(
        {
            "source": ["x", "x", "forum", "x", "forum"],
            "created_at": pd.to_datetime(
                ["2025-01-06 00:00", "2025-01-12 23:00", "2025-01-08 00:00", "2025-01-13 00:00", None], utc=True
            ),
        }
    )
    got = volume(posts, "source")
    assert got.to_dict("list") == {
        "period": [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")],
        "source": ["forum", "x", "x"],
        "texts": [1, 2, 1],
    }
    assert volume(posts, "source", period="M").texts.sum() == 4  # the undated post is left out


def test_theme_summary_of_no_texts_keeps_its_sentiment_columns():
    coded = code_themes(pd.Series([], dtype="string"), BOOK)
    scores = pd.DataFrame({"label": pd.Categorical([], categories=["positive", "neutral", "negative"])})
    summary = theme_summary(coded, scores, BOOK)
    assert {"net", "ci_low", "ci_high"} <= set(summary.columns) and summary["net"].isna().all()
    assert summary["count"].sum() == 0


#: Who cancelled: the customer leaving (Cancellation) or the company cancelling something (a visit, a flight).
WHO_CANCELLED = [
    ("I want to cancel my subscription", True, False),
    ("How do I cancel?", True, False),
    ("Cancelling my contract today, switching to a cheaper provider", True, False),
    ("I cancelled my account last week", True, False),
    ("The engineer cancelled the visit again", False, True),
    ("They cancelled my appointment twice", False, True),
    ("My flight was cancelled and nobody told me", False, True),
    ("Cancelled Flightled twice this month", False, True),
    ("Your technician has cancelled on me three times", False, True),
    ("They cancelled my appointment so I am cancelling my contract", True, True),
    ("I had to cancel my appointment", False, False),
]


@pytest.mark.parametrize("industry", STARTER_CODEBOOKS)
def test_every_starter_tells_who_cancelled(industry):
    texts = pd.Series([t for t, _, _ in WHO_CANCELLED])
    coded = code_themes(texts, starter_codebook(industry))
    assert coded["Cancellation"].tolist() == [c for _, c, _ in WHO_CANCELLED]
    assert coded["Cancelled by the company"].tolist() == [c for _, _, c in WHO_CANCELLED]


def test_starters_per_industry_share_the_common_themes_and_add_their_own():
    common = {"Price and value", "Billing", "Support", "Cancellation", "Cancelled by the company"}
    books = {name: starter_codebook(name) for name in STARTER_CODEBOOKS}
    assert all(common <= set(b.themes) for b in books.values())
    assert {"Sync", "Onboarding", "Reliability"} <= set(books["software"].themes)  # software extends general
    assert {"Baggage", "Delays"} <= set(books["travel"].themes) and "Sync" not in books["travel"].themes
    assert {"Returns", "Size and fit"} <= set(books["ecommerce"].themes)
    assert {"Coverage and signal", "Installation and appointments"} <= set(books["telecom"].themes)
    assert {"Cards", "Fraud and security"} <= set(books["financial"].themes)
    coded = code_themes(pd.Series(["Took it out of the package and it broke", "The package never came"]))
    assert coded.Delivery.tolist() == [False, True]
    with pytest.raises(ParameterError, match="no starter codebook 'airline'"):
        starter_codebook("airline")


def test_audit_samples_each_themes_matches_with_the_words_that_matched(tmp_path):
    texts = pd.Series(
        ["The courier was late, mail me at jo@example.com", "Delivered fine", "return flight ok", "I want a refund"]
        + ["nothing here"] * 4
    )
    path = tmp_path / "audit.csv"
    audit = audit_codebook(texts, BOOK, sample=1, path=path, seed=3)
    assert audit.groupby("theme").size().to_dict() == {"Delivery": 1, "Returns": 1}  # UI matched nothing
    returns = audit.set_index("theme").loc["Returns"]
    assert (returns.row, returns.term, returns.match) == (3, "refund", "refund")  # "return flight" is excluded
    delivery = audit_codebook(texts, BOOK, sample=5).query("theme == 'Delivery'")
    assert delivery.term.tolist() == ["courier", "deliver*"] and delivery.match.tolist() == ["courier", "Delivered"]
    assert "[EMAIL]" in delivery.context.iloc[0] and "jo@" not in delivery.context.iloc[0]
    assert (delivery.theme_texts.iloc[0], delivery.theme_share.iloc[0]) == (2, 0.25)
    assert pd.read_csv(path).columns.tolist() == list(audit.columns)
    assert audit_codebook(texts, BOOK, sample=1, seed=3).equals(audit)  # same seed, same sample


def test_audit_precision_from_the_reviewed_csv(tmp_path):
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("theme,correct,theme_texts\nA,y,40\nA,n,40\nA,Y,40\nA,,40\nB,no,7\n")
    table = audit_precision(reviewed).set_index("theme")
    assert table.reviewed.to_dict() == {"A": 3, "B": 1}
    assert_allclose(
        table.loc["A", ["precision", "ci_low", "ci_high"]].astype(float),
        [0.6667, *proportion_confint(2, 3, method="wilson")],
        atol=1e-4,
    )
    reviewed.write_text("theme,correct,theme_texts\nA,maybe,40\n")
    with pytest.raises(FormatError, match=r"reviewed.csv, line 2: correct is 'maybe'"):
        audit_precision(reviewed)


def test_cli_audits_the_projects_codebook(project, tmp_path, capsys):
    out = tmp_path / "audit.csv"
    assert cli.main(["--config", str(project), "audit-codebook", "--out", str(out), "--sample", "3"]) == 0
    audit = pd.read_csv(out)
    assert audit.groupby("theme").size().max() == 3 and "sync_bug" in set(audit.theme)  # the demo's own codebook
    assert f"→ {out}" in capsys.readouterr().out

"""voclab.saydo against independent references (statsmodels, scipy, hand computation)."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from statsmodels.stats.contingency_tables import Table2x2, mcnemar

from voclab import saydo
from voclab.exceptions import ParameterError
from voclab.saydo._stats import paired_proportions, rate_ratio
from voclab.saydo.silence import outcome_by_flag


def test_paired_proportions_is_mcnemar_exact():
    said = np.array([1] * 30 + [1] * 12 + [0] * 3 + [0] * 55, dtype=bool)
    did = np.array([1] * 30 + [0] * 12 + [1] * 3 + [0] * 55, dtype=bool)
    result = paired_proportions(said, did)
    assert_allclose(result.estimate, (12 - 3) / 100)
    assert_allclose(result.p_value, mcnemar([[30, 12], [3, 55]], exact=True).pvalue)


def test_rate_ratio_matches_statsmodels_table2x2():
    result = rate_ratio(40, 140, 90, 860)
    table = Table2x2(np.array([[40, 100], [90, 770]]))
    assert_allclose(result.estimate, table.riskratio)
    assert_allclose([result.ci_low, result.ci_high], table.riskratio_confint(method="normal"))


def test_outcome_by_flag_and_nonresponse():
    data = pd.DataFrame({"billing": [1] * 20 + [0] * 80, "churned": [1] * 10 + [0] * 10 + [1] * 16 + [0] * 64})
    table = outcome_by_flag(data, ["billing"], "churned")
    assert_allclose(table.loc[0, ["rate_with", "rate_without", "risk_ratio"]], [0.5, 0.2, 2.5])
    silent = saydo.nonresponse(data.rename(columns={"billing": "responded"}), "responded", "churned")
    assert_allclose(silent.loc[0, ["rate_nonrespondents", "rate_respondents"]], [0.2, 0.5])
    with pytest.raises(ParameterError, match="'churned' must be 0/1"):
        outcome_by_flag(data.assign(churned=2), "billing", "churned")
    as_text = outcome_by_flag(data.assign(churned=data["churned"].map({1: "Yes", 0: "No"})), "billing", "churned")
    assert_allclose(as_text.loc[0, "risk_ratio"], 2.5)


def test_link_joins_behaviour_outcomes_per_customer():
    behaviour = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "B", "C"],
            "event": ["orders", "orders", "churned", "orders", "churned"],
            "value": [2.0, 5.0, 1.0, 1.0, 0.0],
            "ts": pd.to_datetime(["2025-01-02", "2025-01-01", None, "2025-03-01", None], utc=True),
        }
    )
    assert saydo.outcomes(behaviour, ["orders"], how="last").loc["A", "orders"] == 2.0  # the latest by ts
    assert saydo.outcomes(behaviour, ["orders"], how="sum").loc["A", "orders"] == 7.0
    with pytest.raises(ParameterError, match="no behaviour event 'renewed'"):
        saydo.outcomes(behaviour, ["renewed"])
    undated = saydo.link(pd.DataFrame({"customer_id": ["B", "C"]}), behaviour, ["churned"])
    assert undated["churned"].tolist() == [1.0, 0.0] and undated["decided_at"].isna().all()  # a flag has no date


def test_channel_gaps_finds_a_theme_never_mentioned_in_surveys():
    mentions = pd.DataFrame(
        {
            "theme": ["outage"] * 12 + ["price"] * 10 + ["price"] * 10,
            "channel": ["ticket"] * 12 + ["ticket"] * 10 + ["survey"] * 10,
        }
    )
    gaps = saydo.channel_gaps(mentions, "theme", "channel", min_mentions=10)
    assert gaps[["theme", "present_in", "absent_from"]].values.tolist() == [["outage", "ticket", "survey"]]


def test_sudden_drops_flags_a_theme_that_stops():
    days = pd.date_range("2025-01-06", periods=20 * 7, freq="D", tz="UTC")
    rows = [("sync", d) for d in days[:84] for _ in range(2)]  # twice a day for 12 weeks, then nothing
    rows += [("price", d) for d in days for _ in range(3)]  # steady
    mentions = pd.DataFrame(rows, columns=["theme", "ts"])
    table = saydo.sudden_drops(mentions, "theme", "ts", freq="W", window=6).set_index("theme")
    assert table.loc["sync", "dropped"] and not table.loc["price", "dropped"]
    assert table.loc["sync", "after"] == 0 and table.loc["sync", "last_seen"].startswith("2025-03-24")
    share_after = table.loc["price", "after"] / (table.loc["price", "after"] + table.loc["price", "before"])
    total_after = 3 * 42 / (3 * 140 + 2 * 84)  # the share of all mentions that fall after the split
    assert_allclose(table.loc["sync", "p_value"], (1 - total_after) ** 168)
    assert share_after > 0.25


def test_unanswered_threads():
    feedback = pd.DataFrame(
        {
            "id": ["t1", "p2", "t3", "t4"],
            "thread_id": ["1", "1", "3", "4"],
            "parent_id": [None, "t1", None, None],
            "reply_count": [1, None, 0, None],
            "created_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-02-01", "2025-01-15"], utc=True),
        }
    )
    assert saydo.unanswered(feedback)["id"].tolist() == ["t4", "t3"]


def test_action_check_before_and_after():
    data = pd.DataFrame(
        {
            "ts": pd.date_range("2025-01-01", periods=200, freq="D", tz="UTC"),
            "mentions_sync": [1 if i % 4 == 0 else 0 for i in range(100)] + [0] * 100,
        }
    )
    row = saydo.action_check(data, "mentions_sync", "ts", "2025-04-11").iloc[0]
    assert (row.n_before, row.n_after) == (100, 100)
    assert_allclose([row.rate_before, row.rate_after, row.change], [0.25, 0.0, -0.25])
    assert row.sentence == "mentions_sync fell from 25.0% to 0.0% after 2025-04-11 (significant at 95 %)"


def test_link_compares_each_answer_with_the_decision_that_followed_it():
    behaviour = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "event": ["churn", "renewal", "churn", "renewal"],
            "value": [1.0, 1.0, 1.0, 1.0],
            "ts": pd.to_datetime(["2025-06-01", "2025-03-01", "2026-09-01", "2025-05-01"], utc=True),
        }
    )
    said = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D ", "Z"],
            "submitted_at": pd.to_datetime(
                ["2025-02-01", "2025-04-01", "2025-02-01", "2025-01-01", "2025-01-01"], utc=True
            ),
            "churn": [9, 9, 9, 9, 9],  # a survey column named like an event
        }
    )
    linked = saydo.link(said, behaviour, ["churn", "renewal"])
    # A: churned 4 months after answering; B answered after renewing; C's churn is beyond a year; D has a stray
    # space and Z no behaviour at all
    assert linked["customer_id"].tolist() == ["A"] and linked[["churn", "renewal"]].values.tolist() == [[1.0, 0.0]]
    assert "churn_said" in linked
    assert linked["decided_at"].tolist() == [pd.Timestamp("2025-06-01", tz="UTC")]  # what the answer is compared with
    report = saydo.match_report(linked).set_index("outcome")["answers"]
    assert report.to_dict() == {
        "matched": 1,
        "id not found": 2,
        "after the decision": 1,
        "no decision in the window": 1,
    }
    normalised = saydo.link(said, behaviour, ["churn", "renewal"], normalize_ids=True)
    assert normalised["customer_id"].tolist() == ["A", "D "]
    assert normalised["decided_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-01", "2025-05-01"]
    assert normalised.attrs["voclab"]["match"]["normalized_ids"] == 1
    mapped = saydo.link(
        said.assign(customer_id=["a1", "b1", "c1", "d1", "z1"]),
        behaviour,
        ["churn", "renewal"],
        id_map=pd.DataFrame({"survey": ["a1", "d1"], "crm": ["A", "D"]}),
    )
    assert mapped["customer_id"].tolist() == ["a1", "d1"]


def test_a_unit_nobody_belongs_to_is_a_clear_error():
    profile = pd.DataFrame({"Segment": ["SMB", "Consumer", "SMB"]}, index=["A", "B", "C"])
    assert saydo.members(profile, "Segment", "SMB").tolist() == ["A", "C"]
    assert saydo.members(profile, "Segment", "").tolist() == ["A", "B", "C"]
    with pytest.raises(ParameterError, match="no customer has Segment 'Nope'.*Consumer, SMB"):
        saydo.members(profile, "Segment", "Nope")

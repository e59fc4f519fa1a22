"""Real exports, right answers: one regression test per way a real file came back silently wrong (issue 11).

Fixtures in tests/fixtures/exports/ follow the layouts of real exports (an Amazon Alexa review TSV, a Steam
review export); the others are written here, small, for the one behaviour they test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

import voclab
from voclab.exceptions import ParameterError, SchemaError
from voclab.ingest.validate import reconciles
from voclab.survey import crosstab

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


# -- 1. a user column never collides with a unified field -------------------------------------------------------


def test_spss_variable_named_source_keeps_every_respondent(tmp_path):
    path = tmp_path / "panel.sav"
    data = pd.DataFrame(
        {
            "id": [1.0, 2.0, 3.0],
            "source": [1.0, 2.0, 1.0],  # "how did you hear of us": a common survey variable
            "customer_id": [11.0, 12.0, 13.0],
            "q1": [5.0, 3.0, np.nan],
        }
    )
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=["Respondent", "How did you hear of us?", "Account", "Satisfaction"],
        variable_value_labels={"source": {1.0: "Search", 2.0: "A friend"}},
    )
    survey = voclab.load_survey(path)
    responses = survey.responses
    assert len(responses) == 3 and survey.quarantine.empty
    assert responses["source"].astype(str).unique().tolist() == ["panel"]  # voclab's own field
    assert responses["source_"].tolist() == [1, 2, 1]  # the survey's variable, kept and typed
    assert survey.label("source_", 2.0) == "A friend"
    assert survey.counts["renamed"] == "source → source_"
    assert (survey.counts["rows_read"], survey.counts["kept"]) == (3, 3) and reconciles(survey.counts)
    assert responses.attrs["voclab"]["kept"] == 3  # the same counts as voclab.load


def test_spss_variable_named_like_a_field_filled_from_another_column(tmp_path):
    path = tmp_path / "wave.sav"
    data = pd.DataFrame({"resp": [1.0, 2.0], "CustNo": [7.0, 8.0], "customer_id": [1.0, 0.0]})
    pyreadstat.write_sav(data, str(path))
    survey = voclab.load_survey(path, respondent_id="resp", customer_id="CustNo")
    assert survey.responses["customer_id"].tolist() == ["7", "8"]
    assert survey.responses["customer_id_"].tolist() == [1, 0]  # not overwritten, not dropped


def test_qualtrics_question_named_like_a_field_is_kept(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "ResponseId,ExternalReference,customer_id,Q1\n"
        "Response ID,External reference,Customer number (asked),How likely?\n"
        '"{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}",'
        '"{""ImportId"":""QID9_TEXT""}","{""ImportId"":""QID1""}"\n'
        "R_1,C-1,typed 123,9\n"
    )
    survey = voclab.load_survey(path)
    assert survey.responses.loc[0, ["customer_id", "customer_id_"]].tolist() == ["C-1", "typed 123"]
    assert "customer_id_" in survey.questions["question_id"].tolist()


def test_mapped_field_over_a_column_of_that_name_keeps_both(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text("ticket,text,body,source\nT1,short,The long complaint,web\nT2,x,Another one,app\n")
    df = voclab.load(path, kind="table", id="ticket", text="body")
    assert df["text"].tolist() == ["The long complaint", "Another one"]
    assert df["text_"].tolist() == ["short", "x"] and df["source_"].tolist() == ["web", "app"]
    assert df.attrs["voclab"]["renamed"] == "text → text_; source → source_"


def test_private_names_and_underscore_columns_are_data(tmp_path):
    path = tmp_path / "mongo.csv"
    path.write_text("_id,_record,text\n64f0a,7,hello there\n64f0b,8,bye now\n")
    df = voclab.load(path, kind="table")
    assert df["id"].tolist() == ["64f0a", "64f0b"]  # a MongoDB _id is the document's id, not a private column
    assert df["_record_"].tolist() == [7, 8]


def test_unknown_map_field_is_an_error_listing_the_fields(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("body\nhi\n")
    with pytest.raises(ParameterError, match=r"'txt' is not a field of table .*text"):
        voclab.load(path, kind="table", txt="body")


# -- 3. text, rating and recommend flags found in real review layouts ---------------------------------------------


def test_review_tsv_with_an_unusual_text_column():
    df = voclab.load(EXPORTS / "reviews_verified_reviews.tsv")
    meta = df.attrs["voclab"]
    assert meta["kind"] == "reviews"
    assert df["text"].iloc[0] == "Love my Echo!" and df["text"].isna().sum() == 1  # a blank review is missing
    assert df["rating"].tolist() == [5, 4, 3, 2, 5, 1]
    assert df["feedback"].tolist() == [1, 1, 1, 0, 1, 0]  # the 0/1 flag stays an extra column, not the text
    assert reconciles(meta) and meta["kept"] == 6


def test_the_same_tsv_sniffed_as_a_table_has_its_text():
    df = voclab.load(EXPORTS / "reviews_verified_reviews.tsv", kind="table")
    assert df["text"].notna().sum() == 5


def test_steam_export_loads_without_a_map():
    df = voclab.load(EXPORTS / "reviews_steam.csv")
    assert df.attrs["voclab"]["kind"] == "reviews"
    assert df["id"].tolist()[0] == "149823017"
    assert df["recommended"].tolist() == [True, False, True, True]  # voted_up: a flag, not a rating
    assert df["rating"].isna().all()
    assert df["created_at"].iloc[0] == pd.Timestamp(1699999999, unit="s", tz="UTC")
    assert df["votes_up"].tolist() == [12, 40, 3, 0] and str(df["steam_purchase"].dtype) == "boolean"


def test_a_boolean_mapped_as_rating_is_an_error_naming_the_fix():
    with pytest.raises(SchemaError, match=r"'voted_up' holds true/false values, not a rating .*recommended=voted_up"):
        voclab.load(EXPORTS / "reviews_steam.csv", kind="reviews", rating="voted_up")


def test_a_text_kind_without_text_is_an_error_naming_the_columns(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("product,stars,when\nA,5,2024-01-01\nB,2,2024-01-02\n")
    with pytest.raises(SchemaError, match=r"no text column found .*the file has: product, stars, when"):
        voclab.load(path, kind="reviews")


def test_generic_table_error_lists_the_file_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SchemaError, match=r"the file has: a, b\)"):
        voclab.load(path, kind="table")


# -- 4. what voclab returns behaves like any DataFrame --------------------------------------------------------------


def _every_kind(tmp_path: Path, shared: Path | None) -> dict[str, pd.DataFrame]:
    fixtures = Path(__file__).parent / "fixtures"
    frames = {
        "reviews": voclab.load(EXPORTS / "reviews_verified_reviews.tsv"),
        "steam": voclab.load(EXPORTS / "reviews_steam.csv"),
        "tweets": voclab.load(fixtures / "social" / "tweets_airline.csv"),
        "reddit": voclab.load(fixtures / "social" / "reddit_pushshift.ndjson"),
        "behaviour_long": voclab.load(fixtures / "tables" / "behaviour_long.csv"),
        "qualtrics": voclab.load(fixtures / "surveys" / "qualtrics_numeric.csv"),
        "surveymonkey": voclab.load(fixtures / "surveys" / "surveymonkey_expanded.csv"),
    }
    wide = tmp_path / "customers.csv"
    wide.write_text("customer_id,plan,churned\nA,Pro,Yes\nB,Basic,No\n")
    frames["behaviour_wide"] = voclab.load(wide)
    if shared is not None:
        frames["telco"] = voclab.load(shared / "ibm_telco_customer_churn.csv")
    return frames


def test_pandas_operations_work_on_everything_voclab_loads(tmp_path):
    from voclab import saydo

    for name, frame in _every_kind(tmp_path, None).items():
        assert all(not isinstance(v, pd.DataFrame | pd.Series) for v in frame.attrs["voclab"].values()), name
        halves = pd.concat([frame.iloc[: len(frame) // 2], frame.iloc[len(frame) // 2 :]])
        pd.testing.assert_frame_equal(halves, frame, check_dtype=False, check_categorical=False)
        assert len(frame.merge(frame.iloc[:1], how="inner", on=list(frame.columns[:1]))) >= 1, name
        assert frame.groupby(frame.columns[0], observed=True).size().sum() == len(frame), name
        frame.to_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), frame, check_dtype=False)
    behaviour = _every_kind(tmp_path, None)["behaviour_wide"]
    people = saydo.attributes(behaviour, ["plan"]).join(saydo.outcomes(behaviour, ["churned"]))
    assert people.to_dict("index") == {"A": {"plan": "Pro", "churned": 1.0}, "B": {"plan": "Basic", "churned": 0.0}}


def test_pandas_operations_on_the_shared_files(tmp_path, shared_data):
    tweets = voclab.load(shared_data / "twitter_airline_sentiment_tweets.csv")
    telco = voclab.load(shared_data / "ibm_telco_customer_churn.csv")
    both = pd.concat([tweets.head(5), tweets.tail(5)])
    assert len(both) == 10 and both.attrs["voclab"]["kind"] == "tweets"
    assert len(telco.merge(telco.head(3), on=["customer_id", "event"])) == 3


def test_quarantine_is_a_file_beside_plain_attrs(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,text,created_at\n1,ok,2024-01-01\n2,bad date,never\n")
    df = voclab.load(path, kind="table", quarantine_dir=tmp_path / "q")
    meta = df.attrs["voclab"]
    assert Path(meta["quarantine_path"]).parent == tmp_path / "q"
    bad = voclab.quarantine_of(df)
    assert bad[["reason", "record"]].values.tolist() == [["unparseable created_at: never", 2]]
    json.dumps(meta)  # plain values only
    with pytest.raises(ParameterError, match="not returned by voclab.load"):
        voclab.quarantine_of(pd.DataFrame())


# -- 7. extra columns in their natural dtype -------------------------------------------------------------------------


def test_extra_columns_get_their_natural_dtype(tmp_path):
    path = tmp_path / "nps.csv"
    path.write_text(
        "id,text,likelihood,promoter,zip,order_id,visited\n"
        "1,Great,9,True,02134,1001,2024-05-01\n"
        "2,Slow,,False,10001,1002,2024-05-03\n"
        "3,   ,7,,94105,1003,\n"
    )
    df = voclab.load(path, kind="table")
    assert str(df["likelihood"].dtype) == "Int64" and df["likelihood"].tolist() == [9, pd.NA, 7]
    assert str(df["promoter"].dtype) == "boolean" and df["promoter"].tolist() == [True, False, pd.NA]
    assert df["zip"].tolist() == ["02134", "10001", "94105"]  # leading zeros: text
    assert df["order_id"].tolist() == ["1001", "1002", "1003"]  # an identifier stays text, for exact joins
    assert str(df["visited"].dtype) == "datetime64[ns, UTC]"
    assert df["text"].isna().tolist() == [False, False, True]  # a blank text is missing


# -- 8. smaller ones --------------------------------------------------------------------------------------------------


def test_legacy_and_current_qualtrics_agree_on_question_types(shared_data):
    current = voclab.load_survey(shared_data / "qualtrics_export_sample_qualtRics.csv").questions
    legacy = voclab.load_survey(shared_data / "qualtrics_export_legacy_sample_qualtRics.csv").questions
    types = {q: dict(zip(t["question_id"], t["type"], strict=True)) for q, t in (("now", current), ("old", legacy))}
    assert types["now"]["Q2"] == types["old"]["Q2"] == "text"
    assert types["now"]["Q1"] == types["old"]["Q1"] == "numeric"


def test_crosstab_labels_with_string_keys_apply_to_float_codes():
    data = pd.DataFrame({"q": [1.0, 2.0, 1.0, 2.0], "seg": ["A", "A", "B", "B"]})
    table = crosstab(data, "q", "seg", labels={"1": "Yes", "2": "No"}, min_base=1)
    assert list(table.percent.index) == ["Yes", "No"]


def test_exact_duplicates_are_byte_identical_rows(tmp_path):
    path = tmp_path / "events.csv"
    rows = ["C1,order,10,2024-01-01", "C1,order,10,2024-01-01", "C1,order,10.0,2024-01-01", "C2,order,5,2024-01-02"]
    path.write_text("customer_id,event,value,ts\n" + "\n".join(rows) + "\n")
    meta = voclab.load(path).attrs["voclab"]
    assert (meta["duplicates"], meta["kept"]) == (1, 3)  # "10.0" is not byte-identical to "10"

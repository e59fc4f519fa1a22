"""Survey readers: Qualtrics (3-row, legacy, choice text, UTF-16 TSV), SurveyMonkey (CSV, XLSX), SPSS, plain tables."""

import json
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

import voclab
from voclab.exceptions import FormatError, SchemaError
from voclab.ingest.registry import sniff
from voclab.ingest.store import SourceSpec, ingest

SURVEYS = Path(__file__).parent / "fixtures" / "surveys"


def reasons(survey: voclab.Survey) -> dict[str, str]:
    q = survey.quarantine
    keys = q["respondent_id"].fillna("").astype(str) + "@" + q["record"].astype(str)
    return dict(zip(keys, q["reason"], strict=True))


def question(survey: voclab.Survey, question_id: str) -> dict:
    row = survey.questions.set_index("question_id").loc[question_id]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


# --- Qualtrics -------------------------------------------------------------------------------------------------


def test_qualtrics_numeric_export_responses_catalogue_and_quarantine():
    survey = voclab.load_survey(SURVEYS / "qualtrics_numeric.csv")
    r = survey.responses
    assert r["respondent_id"].tolist() == [f"R_aaaaaaaaaaaaaa{n}" for n in (1, 2, 3, 8)]
    assert r["customer_id"].tolist() == ["C0001", "C0002", "C0003", "C0008"]
    assert r["submitted_at"][0] == pd.Timestamp("2025-03-02 10:01:00", tz="UTC")
    assert r["Q1"].tolist() == [9, 3, 7, 10] and str(r["Q1"].dtype) == "Float64"
    assert r["Q3_3"].isna().tolist() == [False, False, True, False]  # an unanswered item is missing, not ""
    assert r["Q6_TEXT"][1] == "Billing errors again.\nTwice this month!"
    assert r["Segment"].tolist() == ["SMB", "Enterprise", "SMB", "Enterprise"]
    # personal metadata stays in the raw file only
    assert not {"IPAddress", "RecipientEmail", "RecipientFirstName", "LocationLatitude"} & set(r.columns)
    assert reasons(survey) == {
        # record numbers count data records in the file, the blank one (4) included
        "@5": "missing respondent id",
        "R_aaaaaaaaaaaaaa5@6": "Q1 out of range 0–10: 11",
        "R_aaaaaaaaaaaaaa6@7": "unparseable submitted_at: sometime in March",
        "R_aaaaaaaaaaaaaa7@8": "duplicate respondent id with different content",
        "R_aaaaaaaaaaaaaa7@9": "duplicate respondent id with different content",
    }
    assert question(survey, "Q1")["import_id"] == "QID1" and question(survey, "Q1")["type"] == "numeric"
    assert question(survey, "Q3_2") == {
        "source": "qualtrics_numeric",
        "text": "How satisfied are you with each of the following? - Ease of use",
        "type": "numeric",
        "import_id": "QID3_2",
        "parent": "Q3",
        "value_labels": None,
    }
    assert question(survey, "Q6_TEXT")["type"] == "text" and question(survey, "Segment")["type"] == "embedded"
    assert survey.label("Q1_NPS_GROUP", 3.0) == "Promoter"


def test_qualtrics_counts_reconcile():
    frame = voclab.load(SURVEYS / "qualtrics_numeric.csv")
    meta = frame.attrs["voclab"]
    assert (meta["kind"], meta["rows_read"], meta["kept"], meta["quarantined"], meta["duplicates"]) == (
        "qualtrics",
        11,  # 4 kept + 5 quarantined + 1 duplicate + 1 blank row
        4,
        5,
        1,
    )
    assert meta["blank_rows"] == 1


def test_qualtrics_choice_text_export_is_coded_with_labels():
    survey = voclab.load_survey(SURVEYS / "qualtrics_choice_text.csv")
    r = survey.responses
    assert r["Q1"].tolist() == [10, 0, 7]
    assert r["Q2"].tolist() == [5, 2, 3]
    assert r["Q5"].tolist()[:2] == [2, 1] and pd.isna(r["Q5"][2])
    assert survey.label("Q1", 10) == "Extremely likely" and survey.label("Q1", 7) == 7
    assert survey.label("Q2", 3) == "Neither satisfied nor dissatisfied"
    assert json.loads(question(survey, "Q5")["value_labels"]) == {"1": "No", "2": "Yes"}


def test_qualtrics_legacy_export_with_bom(shared_data):
    survey = voclab.load_survey(shared_data / "qualtrics_export_legacy_sample_qualtRics.csv")
    r = survey.responses
    assert r["respondent_id"].tolist() == ["R_2YPOQ602ER1jkf1"]
    assert r["submitted_at"][0] == pd.Timestamp("2017-07-18 08:28:48", tz="UTC")
    assert r["Q1"][0] == 2 and r["Q2"][0] == "Hello World!"
    assert question(survey, "Q2")["text"] == "This is a free text question."
    assert "column_16" not in r and "IPAddress" not in r


def test_qualtrics_real_export_keeps_import_ids(shared_data):
    survey = voclab.load_survey(shared_data / "qualtrics_export_sample_qualtRics.csv")
    assert survey.responses["respondent_id"].tolist() == ["R_2YPOQ602ER1jkf1"]
    assert question(survey, "Q2")["import_id"] == "QID2_TEXT" and question(survey, "Q2")["type"] == "text"
    assert question(survey, "Q1")["text"] == "This is a multiple choice question."


def test_qualtrics_utf16_tsv_export(tmp_path):
    csv_text = (SURVEYS / "qualtrics_choice_text.csv").read_text()
    rows = [line.split(",") for line in csv_text.splitlines()]
    path = tmp_path / "export.tsv"
    path.write_bytes("\n".join("\t".join(r) for r in rows).encode("utf-16"))
    assert sniff(path).kind == "qualtrics"
    assert voclab.load_survey(path).responses["Q2"].tolist() == [5, 2, 3]


def test_qualtrics_customer_id_from_the_column_map(tmp_path):
    frame = voclab.load(SURVEYS / "qualtrics_numeric.csv", kind="qualtrics", customer_id="Segment")
    assert frame["customer_id"][0] == "SMB"
    with pytest.raises(SchemaError, match="'CustomerID' named in the column map"):
        voclab.load(SURVEYS / "qualtrics_numeric.csv", customer_id="CustomerID")


def test_qualtrics_without_import_id_row_is_a_format_error(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("ResponseId,Q1\nR_1,9\nR_2,5\n")
    with pytest.raises(FormatError, match=r"plain.csv:3:1: not a Qualtrics export"):
        voclab.load_survey(path, kind="qualtrics")


# --- SurveyMonkey ----------------------------------------------------------------------------------------------


def test_surveymonkey_csv_ids_dates_matrix_and_select_all():
    survey = voclab.load_survey(SURVEYS / "surveymonkey_expanded.csv")
    r = survey.responses
    assert r["respondent_id"].tolist() == ["11811111101", "11811111102", "11811111103"]
    assert r["customer_id"].tolist() == ["C0001", "C0002", "C0003"]
    assert r["submitted_at"].tolist() == [
        pd.Timestamp("2025-01-05 10:15:32", tz="UTC"),
        pd.Timestamp("2025-02-11 13:12:03", tz="UTC"),
        pd.Timestamp("2025-03-13 00:01:00", tz="UTC"),
    ]
    assert r["Q1"].tolist() == [10, 4, 8] and r["Q2"].tolist() == [5, 2, 4]
    assert r[["Q3_1", "Q3_2", "Q3_3"]].values.tolist() == [[4, 3, 4], [2, 1, 3], [3, 3, 3]]
    # select-all: 1 = chosen, 0 = answered the question but not this option, missing = skipped the question
    assert r["Q4_1"].tolist()[:2] == [0, 1] and pd.isna(r["Q4_1"][2])
    assert r["Q4_2"].tolist()[:2] == [1, 0]
    assert r["Q5"][0] == "Quick and friendly 👍" and pd.isna(r["Q5"][2])
    assert not {"ip_address", "email_address", "first_name", "last_name"} & set(r.columns)
    assert survey.quarantine["reason"].tolist() == ["unparseable submitted_at: 13/45/2025 99:01:00 AM"]
    assert question(survey, "Q3_2")["text"] == "How would you rate the support agent on each of the following? - Speed"
    assert question(survey, "Q3_2")["parent"] == "Q3" and survey.label("Q3_2", 1) == "Poor"
    assert question(survey, "Q4_3")["type"] == "multi" and question(survey, "Q5")["type"] == "text"


def test_surveymonkey_xlsx_reads_like_the_csv(tmp_path):
    grid = pd.read_csv(SURVEYS / "surveymonkey_expanded.csv", header=None, dtype=str, keep_default_na=False)
    path = tmp_path / "export.xlsx"
    grid.to_excel(path, header=False, index=False)
    assert sniff(path).kind == "surveymonkey"
    from_xlsx = voclab.load_survey(path).responses.drop(columns="source")
    from_csv = voclab.load_survey(SURVEYS / "surveymonkey_expanded.csv").responses.drop(columns="source")
    pd.testing.assert_frame_equal(from_xlsx, from_csv)


def test_surveymonkey_without_respondent_id_is_a_format_error(tmp_path):
    path = tmp_path / "sm.csv"
    path.write_text("Collector ID,Q\n,Response\n1,2\n")
    with pytest.raises(FormatError, match="sm.csv:1: not a SurveyMonkey export"):
        voclab.load_survey(path, kind="surveymonkey")


# --- SPSS ------------------------------------------------------------------------------------------------------


@pytest.fixture
def sav(tmp_path) -> Path:
    data = pd.DataFrame(
        {
            "ResponseId": ["R1", "R2", "R3", "R3"],
            "customer_id": ["C1", "C2", "C3", "C3"],
            "RecordedDate": pd.to_datetime(
                ["2025-01-01 10:00", "2025-01-02 11:00", "2025-01-03 09:00", "2025-01-04 09:00"]
            ),
            "nps": [10.0, 6.0, None, 8.0],
            "agree": [1.0, 5.0, 3.0, 3.0],
            "comment": ["great", "", "meh", "meh"],
        }
    )
    path = tmp_path / "wave.sav"
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=["Response ID", "Customer", "Recorded", "Likelihood to recommend", "Easy to do business", "Why?"],
        variable_value_labels={"agree": {1.0: "Strongly disagree", 3.0: "Neutral", 5.0: "Strongly agree"}},
    )
    return path


def test_spss_codes_and_labels_both_available(sav):
    survey = voclab.load_survey(sav)
    r = survey.responses
    assert sniff(sav).kind == "spss"
    assert r["respondent_id"].tolist() == ["R1", "R2"] and r["customer_id"].tolist() == ["C1", "C2"]
    assert r["submitted_at"][1] == pd.Timestamp("2025-01-02 11:00", tz="UTC")
    assert r["agree"].tolist() == [1, 5] and str(r["agree"].dtype) == "Float64"
    assert r["comment"][0] == "great" and pd.isna(r["comment"][1])
    assert survey.label("agree", 5.0) == "Strongly agree" and survey.label("agree", 2) == 2
    assert question(survey, "nps") == {
        "source": "wave",
        "text": "Likelihood to recommend",
        "type": "numeric",
        "import_id": None,
        "parent": None,
        "value_labels": None,
    }
    assert question(survey, "agree")["type"] == "choice" and question(survey, "comment")["type"] == "text"
    assert survey.quarantine["reason"].tolist() == ["duplicate respondent id with different content"] * 2


def test_truncated_spss_file_is_a_format_error(sav, tmp_path):
    broken = tmp_path / "broken.sav"
    broken.write_bytes(sav.read_bytes()[:300])
    with pytest.raises(FormatError, match=r"broken.sav: not a readable SPSS file .* — fix: save it again"):
        voclab.load_survey(broken)


# --- every survey format -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("q.csv", 'ResponseId,Q1\nResponse ID,Q\n"{""ImportId"":""_recordId""}",x\n"R_1,9\n', "qualtrics"),
        ("sm.csv", 'Respondent ID,Collector ID,Q\n,,Response\n1,2,"unclosed\n', "surveymonkey"),
        ("s.sav", "$FL2 but not really an SPSS file", "spss"),
    ],
)
def test_a_malformed_survey_is_a_format_error_and_nothing_is_written(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_text(content)
    out = tmp_path / "processed"
    with pytest.raises(FormatError, match=name.replace(".", r"\.")):
        ingest([SourceSpec(path)], out, tmp_path / "quarantine")
    assert not out.exists() or not any(out.iterdir())
    assert not (tmp_path / "quarantine").exists() or not any((tmp_path / "quarantine").iterdir())
    assert sniff(path).kind == kind


def test_load_survey_rejects_a_feedback_file(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text("id,text\n1,ok\n")
    with pytest.raises(FormatError, match="not a survey export"):
        voclab.load_survey(path)


# --- Plain survey tables (Google / Microsoft Forms, simple exports) ---------------------------------------------

FORM = (
    "Timestamp,Email address,Customer ID,How likely are you to recommend us?,How satisfied are you with support?,"
    "Anything else you would like to tell us?\n"
    "3/14/2025 9:05:11,ann@example.com,C1,10,Very satisfied,Support fixed my sync problem within the hour\n"
    "3/15/2025 17:40:02,bob@example.com,C2,3,Dissatisfied,\n"
    "3/20/2025 8:00:00,cy@example.com,C3,,Satisfied,Billing charged me twice this month\n"
)


def test_a_forms_csv_is_sniffed_and_read_with_questions_from_its_headers(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text(FORM)
    assert sniff(path).kind == "survey"
    survey = voclab.load_survey(path)
    r = survey.responses
    assert r["respondent_id"].tolist() == ["1", "2", "3"] and r["customer_id"].tolist() == ["C1", "C2", "C3"]
    assert r["submitted_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2025-03-14 09:05",
        "2025-03-15 17:40",
        "2025-03-20 08:00",
    ]  # month-first: 3/14
    assert r["Q1"].tolist()[:2] == [10, 3] and pd.isna(r["Q1"].iloc[2])  # blank answer: missing, not 0
    assert r["Q2"].tolist() == [5, 2, 4] and survey.label("Q2", 5) == "Very satisfied"
    types = survey.questions.set_index("question_id")["type"].to_dict()
    assert types == {"Q1": "numeric", "Q2": "choice", "Q3": "text"}
    assert question(survey, "Q3")["text"] == "Anything else you would like to tell us?"
    assert "example.com" not in r.to_csv()  # the e-mail column is left out


def test_a_survey_table_keeps_identifier_headers_and_never_reuses_one(tmp_path):
    path = tmp_path / "wave.csv"
    path.write_text("ResponseId,Q2,nps,Overall how easy was it?,Would you buy again?\nR1,4,9,5,Yes\nR2,5,6,4,No\n")
    assert sniff(path).kind == "survey"
    survey = voclab.load_survey(path)
    assert survey.responses["respondent_id"].tolist() == ["R1", "R2"]
    assert survey.questions["question_id"].tolist() == ["Q2", "nps", "Q1", "Q3"]  # Q2 is taken: the next is Q3
    assert survey.responses["Q3"].tolist() == [2, 1] and survey.label("Q3", 2) == "Yes"


def test_a_survey_workbook_reads_like_the_csv(tmp_path):
    rows = [line.split(",") for line in FORM.strip().split("\n")]
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(tmp_path / "form.xlsx", index=False)
    (tmp_path / "form.csv").write_text(FORM)
    assert sniff(tmp_path / "form.xlsx").kind == "survey"
    book, csv = voclab.load_survey(tmp_path / "form.xlsx"), voclab.load_survey(tmp_path / "form.csv")
    pd.testing.assert_frame_equal(book.responses, csv.responses)
    pd.testing.assert_frame_equal(book.questions, csv.questions)


def test_a_map_naming_a_missing_column_is_a_schema_error(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text(FORM)
    with pytest.raises(SchemaError, match="'Account' named in the column map is not in the file"):
        voclab.load_survey(path, customer_id="Account")

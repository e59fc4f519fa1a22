"""Survey responses in their vendors' export layouts: Qualtrics (3 header rows) and SurveyMonkey (2).

Both files carry planted bad rows for ingest to catch — a missing response id, an unparseable date, one id
used twice with different answers, an NPS of 11 — and rows exported twice (dropped as exact duplicates).
Every bad row is an *extra* row, so the rows ingest keeps are exactly the clean responses.

Example
-------
>>> import csv, io
>>> from voclab.demo.company import build
>>> from voclab.demo._rng import stream
>>> from voclab.demo.surveys import relationship
>>> company = build(stream(2, "company"), 300)
>>> text, counts = qualtrics_csv(2, company, relationship(2, company))
>>> rows = list(csv.reader(io.StringIO(text)))
>>> rows[0][:3], rows[2][8], counts.as_dict()["quarantined"], counts.duplicates
(['StartDate', 'EndDate', 'Status'], '{"ImportId":"_recordId"}', 5, 2)
"""

from __future__ import annotations

import json

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import qualtrics, surveymonkey
from voclab.demo._io import csv_text
from voclab.demo._rng import choice, stream
from voclab.demo.company import Company
from voclab.demo.records import FileCounts, Response
from voclab.demo.surveys import SUPPORT_ITEMS, response_id

__all__ = ["QUALTRICS_FILE", "QUESTIONS", "SURVEYMONKEY_FILE", "qualtrics_csv", "surveymonkey_csv"]

QUALTRICS_FILE = "surveys/relationship_qualtrics.csv"
SURVEYMONKEY_FILE = "surveys/support_csat_surveymonkey.csv"

#: Qualtrics meta columns: (column id, row-2 text, ImportId).
_META = (
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
)
_NPS_TEXT = f"How likely are you to recommend {spec.COMPANY} to a friend or colleague?"
#: Qualtrics question columns: (column id, row-2 text, ImportId).
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("Q1", _NPS_TEXT, "QID1"),
    ("Q1_NPS_GROUP", _NPS_TEXT, "QID1_NPS_GROUP"),
    ("Q2", f"Overall, how satisfied are you with {spec.COMPANY}?", "QID2"),
    *(
        (d.column, f"How satisfied are you with each of the following? - {d.name}", f"QID3_{d.number}")
        for d in spec.DRIVERS
    ),
    *(
        (d.importance_column, f"How important is each of the following to you? - {d.name}", f"QID4_{d.number}")
        for d in spec.DRIVERS
    ),
    ("Q5", f"How likely are you to renew your {spec.COMPANY} subscription?", "QID5"),
    (
        "Q6_TEXT",
        "What is the main reason for your answers? Is there anything else you would like to tell us?",
        "QID6_TEXT",
    ),
    ("Wave", "Wave", "Wave"),
    ("Segment", "Segment", "Segment"),
    ("Region", "Region", "Region"),
)
_LOCATIONS = ((54.97, -1.61), (50.37, -4.14), (52.63, 1.3), (51.45, -2.59))
_SM_HEADER = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
_SM_QUESTIONS = (
    (f"How likely is it that you would recommend {spec.COMPANY} to a friend or colleague?", ("Response",)),
    ("Overall, how satisfied were you with the support you received?", ("Response",)),
    ("How would you rate the support agent on each of the following?", SUPPORT_ITEMS),
    ("Was your issue resolved?", ("Response",)),
    ("Is there anything else you would like to tell us about your experience?", ("Open-Ended Response",)),
)


def _ip(rng: np.random.Generator) -> str:
    return ".".join(str(int(k)) for k in (rng.integers(11, 223), *rng.integers(0, 256, size=3)))


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _qualtrics_row(rng: np.random.Generator, company: Company, r: Response) -> list[str]:
    i = r.customer
    partial = r.answers.get("Q5") is None
    by_email = rng.random() < 0.8
    lat, lon = _LOCATIONS[int(company.region[i])]
    meta = [
        qualtrics(r.start),
        qualtrics(r.end),
        "0",
        _ip(rng),
        str(int(rng.integers(35, 95))) if partial else "100",
        str(r.end - r.start),
        "0" if partial else "1",
        qualtrics(r.end),
        r.response_id,
        company.last_name[i] if by_email else "",
        company.first_name[i] if by_email else "",
        company.email(i) if by_email and rng.random() < 0.9 else "",
        str(int(company.ids[i])),
        f"{lat + rng.normal(0, 0.4):.4f}",
        f"{lon + rng.normal(0, 0.4):.4f}",
        "email" if by_email else "anonymous",
        "EN",
    ]
    embedded = {
        "Q6_TEXT": r.comment,
        "Wave": spec.WAVES[r.wave].name,
        "Segment": company.segment_name(i),
        "Region": spec.REGIONS[int(company.region[i])],
    }
    return meta + [_cell(embedded.get(column, r.answers.get(column))) for column, _, _ in QUESTIONS]


def qualtrics_csv(seed: int, company: Company, responses: list[Response]) -> tuple[str, FileCounts]:
    """The relationship survey as a Qualtrics numeric-values CSV export, with its planted bad rows."""
    rng = stream(seed, "qualtrics-export")
    header = [
        [c for c, _, _ in (*_META, *QUESTIONS)],
        [t for _, t, _ in (*_META, *QUESTIONS)],
        [json.dumps({"ImportId": q}, separators=(",", ":")) for _, _, q in (*_META, *QUESTIONS)],
    ]
    rows = [_qualtrics_row(rng, company, r) for r in responses]
    column = {name: k for k, name in enumerate(header[0])}
    used = {r.response_id for r in responses}
    bad: list[list[str]] = []

    def variant(**changes: str) -> list[str]:
        row = list(rows[int(rng.integers(len(rows)))])
        row[column["ResponseId"]] = response_id(rng, used)
        for name, value in changes.items():
            row[column[name]] = value
        return row

    bad.append(variant(ResponseId=""))
    bad.append(variant(RecordedDate="2025-13-45 10:00:00", EndDate="2025-13-45 10:00:00"))
    first = variant()
    second = list(first)
    second[column["Q1"]] = str((int(first[column["Q1"]]) + 5) % 11)
    second[column["Q1_NPS_GROUP"]] = str(
        1 if int(second[column["Q1"]]) <= 6 else 2 if int(second[column["Q1"]]) <= 8 else 3
    )
    bad += [first, second]
    bad.append(variant(Q1="11", Q1_NPS_GROUP="3"))
    twice = [list(rows[k]) for k in sorted(rng.choice(len(rows), size=2, replace=False))]
    for row in bad + twice:
        rows.insert(int(rng.integers(0, len(rows) + 1)), row)
    reasons = {
        "missing respondent id": 1,
        "unparseable submitted_at": 1,
        "duplicate respondent id": 2,
        "Q1 out of range": 1,
    }
    return csv_text([*header, *rows]), FileCounts(len(rows), reasons, duplicates=len(twice))


def _surveymonkey_row(rng: np.random.Generator, company: Company, r: Response, collector: int) -> list[str]:
    i = r.customer
    by_email = collector == 405_060_708
    a = r.answers
    return [
        r.response_id,
        str(collector),
        surveymonkey(r.start),
        surveymonkey(r.end),
        _ip(rng),
        company.email(i) if by_email else "",
        company.first_name[i] if by_email else "",
        company.last_name[i] if by_email else "",
        str(int(company.ids[i])),
        str(a["nps"]),
        str(a["csat"]),
        *(str(a[item]) for item in SUPPORT_ITEMS),
        str(a["resolved"]),
        r.comment,
    ]


def surveymonkey_csv(seed: int, company: Company, responses: list[Response]) -> tuple[str, FileCounts]:
    """The support survey as a SurveyMonkey "expanded" CSV export, with its planted bad rows."""
    rng = stream(seed, "surveymonkey-export")
    row1 = list(_SM_HEADER)
    row2 = [""] * len(_SM_HEADER)
    for text, subs in _SM_QUESTIONS:
        row1 += [text] + [""] * (len(subs) - 1)
        row2 += list(subs)
    rows = [_surveymonkey_row(rng, company, r, choice(rng, (405_060_708, 405_060_708, 405_060_799))) for r in responses]
    counts = FileCounts(len(rows))
    if len(rows) >= 3:
        bad_date = list(rows[int(rng.integers(len(rows)))])
        bad_date[0] = str(int(bad_date[0]) + 7)
        bad_date[3] = "13/45/2025 99:01:00 AM"
        first = list(rows[int(rng.integers(len(rows)))])
        first[0] = str(int(first[0]) + 3)
        second = list(first)
        second[10] = "Very dissatisfied" if first[10] != "Very dissatisfied" else "Very satisfied"
        twice = list(rows[int(rng.integers(len(rows)))])
        for row in (bad_date, first, second, twice):
            rows.insert(int(rng.integers(0, len(rows) + 1)), row)
        counts = FileCounts(len(rows), {"unparseable submitted_at": 1, "duplicate respondent id": 2}, duplicates=1)
    return csv_text([row1, row2, *rows]), counts

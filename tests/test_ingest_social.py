"""Social, forum, ticket and review readers: tweet CSV, X API v2, Reddit, Discourse, Stack Exchange, Zendesk,
reviews. Fixtures in tests/fixtures/social/ follow each platform's real export layout."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import voclab
from voclab.exceptions import FormatError, SchemaError, VoclabError
from voclab.ingest.validate import reconciles

SOCIAL = Path(__file__).parent / "fixtures" / "social"


def load(name: str, **kwargs: str) -> pd.DataFrame:
    return voclab.load(SOCIAL / name, **kwargs)


def meta(df: pd.DataFrame) -> dict:
    return df.attrs["voclab"]


def reasons(df: pd.DataFrame) -> list[str]:
    return sorted(voclab.quarantine_of(df)["reason"])


def assert_counts(df: pd.DataFrame, rows_read: int, kept: int) -> None:
    m = meta(df)
    assert reconciles(m) and m["rows_read"] == rows_read
    assert m["kept"] == len(df) == kept


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def rows(df: pd.DataFrame) -> dict[str, pd.Series]:
    """Kept rows by id."""
    return {row["id"]: row for _, row in df.iterrows()}


# -- detection and broken files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("tweets_airline.csv", "tweets"),
        ("x_api_v2_search.json", "x-json"),
        ("reddit_pushshift.ndjson", "reddit"),
        ("reddit_thread_listing.json", "reddit"),
        ("discourse_topic.json", "discourse"),
        ("discourse_topics.json", "discourse"),
        ("stackexchange_Posts.xml", "stackexchange"),
        ("zendesk_tickets.json", "zendesk"),
        ("zendesk_incremental.json", "zendesk"),
        ("reviews_google_play.csv", "reviews"),
        ("reviews_amazon.ndjson", "reviews"),
    ],
)
def test_auto_detection_picks_the_platform(name, kind):
    df = load(name)
    assert meta(df)["kind"] == kind
    assert isinstance(df["created_at"].dtype, pd.DatetimeTZDtype) and str(df["created_at"].dt.tz) == "UTC"
    assert df["id"].map(type).eq(str).all()


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        ("tweets_unclosed_quote.csv", 3, 1),  # a quote opened on line 3 is never closed
        ("x_api_v2_truncated.json", 18, 7),
        ("reddit_first_line_broken.ndjson", 1, 50),
        ("discourse_truncated.json", 96, 21),
        ("stackexchange_broken.xml", 4, 3),
        ("zendesk_truncated.json", 88, 7),
        ("reviews_damaged_quote.csv", 3, 1),
    ],
)
def test_a_broken_file_is_a_format_error_naming_file_and_line(name, line, column):
    with pytest.raises(FormatError) as info:
        load(name)
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert str(err).startswith(f"{SOCIAL / name}:{line}:{column}: ")
    assert err.hint


def test_reviews_wrapped_in_data_are_not_taken_for_tweets(tmp_path):
    path = tmp_path / "export.json"
    review = {"id": "r1", "text": "Slow checkout", "rating": 2, "date": "2024-05-01"}
    path.write_text(json.dumps({"data": [review]}))
    df = voclab.load(path)
    assert meta(df)["kind"] == "reviews"
    assert df[["id", "text", "rating"]].values.tolist() == [["r1", "Slow checkout", 2]]


def test_sniffing_leaves_generic_tables_alone():
    from voclab.ingest import registry

    behaviour = Path(__file__).parent / "fixtures" / "tables" / "behaviour_long.csv"
    assert registry.sniff(behaviour).kind == "behaviour"


# -- tweet CSV ------------------------------------------------------------------------------------------


def test_tweet_csv_ids_times_entities_and_quarantine():
    df = load("tweets_airline.csv")
    assert df["id"].tolist() == ["570306133677760513", "570301031407624196", "570300767074181121"]
    assert df["created_at"].tolist() == [
        utc("2015-02-24 19:35:52"),
        utc("2015-02-24 19:15:36"),
        utc("2015-02-24 19:14:33"),
    ]  # -0800 → UTC
    assert df["text"][1] == (
        "@VirginAmerica it's really aggressive to blast obnoxious \"entertainment\" in your guests' faces "
        "& they have little recourse"
    )
    assert "\nit's really the only bad thing" in df["text"][2]
    assert df["author"].tolist() == ["cairdin", "jnardino", "jnardino"]
    assert df["negativereason"].tolist() == [pd.NA, "Bad Flight", "Can't Tell"]  # a blank cell is missing
    assert set(df["airline"]) == {"Virgin America"}
    assert (df["channel"] == "social").all() and (df["doc_type"] == "tweet").all()
    assert reasons(df) == [
        "malformed row at line 10: expected 15 fields, found 11",
        "missing id",
        "unparseable created_at: yesterday afternoon",
    ]
    assert (meta(df)["duplicates"], meta(df)["blank_rows"]) == (1, 1)
    assert_counts(df, rows_read=8, kept=3)


def test_tweet_csv_column_map_overrides_the_defaults(tmp_path):
    path = tmp_path / "tweets.csv"
    path.write_text("tweet_id,text,name,screen_name\n569587371693355008,hi &lt;3,Ana B,ana_b\n")
    df = voclab.load(path, author="screen_name")
    assert (meta(df)["kind"], df["author"][0], df["text"][0]) == ("tweets", "ana_b", "hi <3")


@pytest.mark.shared_data
def test_real_tweet_file_keeps_every_id_exactly(shared_data):
    tweets = shared_data / "twitter_airline_sentiment_tweets.csv"  # skipped when ../shared/data is absent
    df = voclab.load(tweets)
    with open(tweets, encoding="utf-8", newline="") as fh:
        csv_ids = [row["tweet_id"] for row in csv.DictReader(fh)]
    m = meta(df)
    assert m["kind"] == "tweets"
    assert m["rows_read"] == len(csv_ids) == 14_640
    assert reconciles(m)
    quarantined = voclab.quarantine_of(df)
    assert set(df["id"]) | set(quarantined["id"]) == set(csv_ids)  # every 18-digit id, digit for digit
    assert df["id"].str.fullmatch(r"\d{18}").all()
    # the upstream file holds 155 tweets twice; 47 of them with conflicting sentiment labels
    assert set(quarantined["reason"]) == {"duplicate id with different content"}
    assert str(df["created_at"].dt.tz) == "UTC" and df["created_at"].notna().all()
    first = df.set_index("id").loc["570306133677760513"]
    assert first["created_at"] == utc("2015-02-24 19:35:52")
    assert df["created_at"].min() >= utc("2015-02-16") and df["created_at"].max() < utc("2015-02-25")
    assert not df["text"].str.contains("&amp;", regex=False).any()


# -- X API v2 -------------------------------------------------------------------------------------------


def test_x_api_page_authors_threads_and_full_text():
    df = load("x_api_v2_search.json")
    got = rows(df)
    first, reply, long = got["1785612345678901234"], got["1785613782345678848"], got["1785700000000000001"]
    # usernames from includes.users; the author_id when the page has no user for it
    assert (first["author"], reply["author"], long["author"]) == ("ana_b", "AcmeHelp", "99")
    assert first["text"] == "@AcmeHelp my order #4471 is a week late & nobody answers"
    assert long["text"].endswith("the export was broken.")  # note_tweet, not the truncated text
    assert reply["thread_id"] == reply["parent_id"] == "1785612345678901234"
    assert pd.isna(long["parent_id"])  # a quote is not a reply
    assert (first["reply_count"], reply["reply_count"]) == (1, 0)
    assert reply["created_at"] == utc("2024-05-01 10:05:30")
    assert reasons(df) == ["unparseable created_at: 05/02/2024 25:61"]
    assert_counts(df, rows_read=4, kept=3)


def test_x_api_list_of_pages_and_ndjson_pages(tmp_path):
    page = json.loads((SOCIAL / "x_api_v2_search.json").read_text())
    first, second = dict(page, data=page["data"][:2]), dict(page, data=page["data"][2:3])
    (tmp_path / "pages.json").write_text(json.dumps([first, second]))
    assert_counts(voclab.load(tmp_path / "pages.json"), rows_read=3, kept=3)

    lines = [json.dumps(first), "", json.dumps(second), '{"data": [{"id": "17', json.dumps({"meta": {}})]
    (tmp_path / "pages.ndjson").write_text("\n".join(lines) + "\n")
    df = voclab.load(tmp_path / "pages.ndjson")
    assert meta(df)["kind"] == "x-json"
    assert_counts(df, rows_read=5, kept=3)  # 3 tweets + 1 malformed line + 1 blank line
    assert meta(df)["blank_rows"] == 1
    bad = voclab.quarantine_of(df)
    assert bad["record"].tolist() == [4] and bad["reason"][0].startswith("malformed JSON at line 4")


# -- Reddit ---------------------------------------------------------------------------------------------


def test_reddit_pushshift_dump():
    df = load("reddit_pushshift.ndjson")
    got = rows(df)
    assert list(got) == ["t3_1cabc12", "t1_l0xyz01", "t1_l0xyz02", "t3_1cdef34"]
    post, comment, reply, lonely = got.values()
    assert (post["doc_type"], comment["doc_type"]) == ("post", "comment")
    assert post["title"] == "App keeps logging me out >:("
    assert post["text"].startswith("Every morning the app logs me out & I lose my cart.")
    assert comment["text"].startswith("> lose my cart")
    assert comment["thread_id"] == reply["thread_id"] == post["thread_id"] == "t3_1cabc12"
    assert (comment["parent_id"], reply["parent_id"]) == ("t3_1cabc12", "t1_l0xyz01")
    # created_utc as int, as string and as float
    assert [post["created_at"], comment["created_at"], reply["created_at"]] == [
        utc("2024-05-01 10:00:00"),
        utc("2024-05-01 10:10:00"),
        utc("2024-05-01 10:40:00"),
    ]
    assert (post["reply_count"], lonely["reply_count"]) == (2, 0)
    assert (post["tags"], post["subreddit"]) == ("Bug", "acme")
    quarantine = voclab.quarantine_of(df)
    assert quarantine["record"].tolist() == [6, 7]  # NDJSON records are line numbers
    assert quarantine["reason"][0] == "unparseable created_at: not-a-time"
    assert quarantine["reason"][1].startswith("malformed JSON at line 7")
    assert quarantine["raw"][1].startswith('{"author": "cut_off"')
    assert meta(df)["blank_rows"] == 1
    assert_counts(df, rows_read=7, kept=4)


def test_reddit_thread_listing_walks_nested_replies():
    df = load("reddit_thread_listing.json")
    assert df["id"].tolist() == ["t3_1cxyz99", "t1_l1b0001", "t1_l1b0002"]  # the "more" stub is skipped
    assert df["parent_id"].tolist()[1:] == ["t3_1cxyz99", "t1_l1b0001"]
    assert df["text"][1] == "Settings > Billing"
    assert_counts(df, rows_read=3, kept=3)


# -- Discourse ------------------------------------------------------------------------------------------


def test_discourse_topic_posts_replies_and_html():
    df = load("discourse_topic.json")
    assert df["id"].tolist() == ["9001", "9004", "9010"]  # the "autoclosed" system notice is skipped
    assert df["doc_type"].tolist() == ["question", "reply", "reply"]
    assert df["thread_id"].unique().tolist() == ["1042"]
    assert df["parent_id"].tolist()[1:] == ["9001", "9004"]  # no reply_to → the first post
    assert df["title"][0] == "How do I export last year's invoices?" and df["title"][1:].isna().all()
    assert df["text"][0] == (
        "I need all invoices from 2023 as PDF & CSV for our auditor. The export button on the billing page "
        "only shows this month. :confused:"
    )
    assert df["text"][1].split("\n") == [
        "Use Billing → History → Export and pick a date range.",
        "CSV is instant",
        "PDF arrives by e-mail",
    ]
    assert df["text"][2] == "It never arrived :frowning:"  # the quoted post is not repeated
    assert df["reply_count"][0] == 2  # posts_count 4 − the opener − the system notice
    assert set(df["tags"]) == {"billing;export"}
    assert df["created_at"][0] == utc("2024-03-04 09:15:22.481")
    assert_counts(df, rows_read=3, kept=3)


def test_discourse_topic_list_shows_unanswered_topics():
    df = load("discourse_topics.json")
    got = rows(df)
    unanswered = got["9100"]
    assert (unanswered["doc_type"], unanswered["reply_count"], unanswered["tags"]) == ("question", 0, "sso")
    assert got["9200"]["doc_type"] == "post"  # not phrased as a question
    assert reasons(df) == ["unparseable created_at: yesterday"]
    assert_counts(df, rows_read=3, kept=2)


def test_discourse_topic_list_endpoint_is_explained(tmp_path):
    path = tmp_path / "latest.json"
    path.write_text(json.dumps({"users": [], "topic_list": {"topics": [{"id": 1, "post_stream": None}]}}))
    with pytest.raises(FormatError, match=r"topic list .* no post texts — fix: save each topic"):
        voclab.load(path, kind="discourse")


# -- Stack Exchange -------------------------------------------------------------------------------------


def test_stackexchange_posts_questions_answers_and_tags():
    df = load("stackexchange_Posts.xml")
    got = rows(df)
    assert list(got) == ["1", "2", "3", "4", "7"]  # the tag wiki (PostTypeId 5) is not feedback
    question, unanswered = got["1"], got["4"]
    assert (question["doc_type"], got["2"]["doc_type"]) == ("question", "answer")
    assert question["title"] == "Why does the invoices API return 429 without Retry-After?"
    assert question["text"].split("\n") == [
        "Our API calls to /v2/invoices return 429 & the Retry-After header is missing.",
        "HTTP/1.1 429 Too Many Requests",
    ]
    assert (question["tags"], unanswered["tags"]) == ("billing;api", "login;sso")
    assert (question["reply_count"], unanswered["reply_count"]) == (3, 0)
    assert [got[i]["parent_id"] for i in ("2", "3", "7")] == ["1", "1", "1"]
    assert {row["thread_id"] for row in got.values()} == {"1", "4"}
    assert [got[i]["accepted"] for i in ("2", "3", "7")] == [False, True, False]
    assert question["accepted_answer_id"] == "3"
    assert (question["author"], got["7"]["author"]) == ("7", "former user")
    assert question["created_at"] == utc("2024-01-02 03:04:05.123")  # no zone in the dump: UTC
    assert reasons(df) == ["unparseable created_at: 2024-13-45T00:00:00.000"]
    assert voclab.quarantine_of(df)["record"].tolist() == [6]
    assert meta(df)["skipped_rows"] == 1  # the tag wiki: read and counted, not kept
    assert_counts(df, rows_read=7, kept=5)


def test_stackexchange_other_dump_file_is_rejected(tmp_path):
    path = tmp_path / "Comments.xml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<comments>\n  <row Id="1" PostId="1" />\n')
    with pytest.raises(FormatError, match="<comments> file, not Posts.xml — fix: load Posts.xml"):
        voclab.load(path, kind="stackexchange")


# -- Zendesk --------------------------------------------------------------------------------------------


def test_zendesk_tickets_page():
    df = load("zendesk_tickets.json")
    got = rows(df)
    assert list(got) == ["35436", "35437", "35438"]  # integer ids as strings
    good, bad, offered = got.values()
    assert (good["customer_id"], good["title"]) == ("20978392001", "Charged twice for May")
    assert good["text"].startswith("Hi, my card was charged twice")
    assert (good["rating"], bad["rating"]) == (1, 0) and pd.isna(offered["rating"])
    assert (bad["satisfaction_score"], bad["satisfaction_comment"]) == ("bad", "Took a week and still broken")
    assert (good["via_channel"], offered["status"], good["tags"]) == ("email", "open", "billing;refund")
    assert (good["channel"], good["doc_type"]) == ("ticket", "ticket")
    assert good["created_at"] == utc("2024-05-01 10:00:00")
    assert reasons(df) == ["unparseable created_at: 2024-05-02T25:00:00Z"]
    assert_counts(df, rows_read=4, kept=3)


def test_zendesk_incremental_export_keeps_the_latest_version():
    df = load("zendesk_incremental.json")
    latest = rows(df)["40001"]
    assert (latest["rating"], latest["satisfaction_comment"], latest["status"]) == (1, "Thanks!", "solved")
    assert reasons(df) == ["older version of ticket 40001 (the file has a later one, which is kept)"]
    assert_counts(df, rows_read=3, kept=2)


# -- reviews --------------------------------------------------------------------------------------------


def test_reviews_google_play_csv():
    df = load("reviews_google_play.csv")
    got = rows(df)
    assert list(got) == ["gp:AOqpTOGx1c9aVv3Lq0-1", "gp:AOqpTOGx1c9aVv3Lq0-2", "gp:AOqpTOGx1c9aVv3Lq0-3"]
    first, second, bare = got.values()
    assert (first["author"], first["rating"], first["appVersion"]) == ("Ana Souza", 1, "4.1.0")
    assert first["replyContent"] == "Sorry! Fixed in 4.1.1."
    assert second["text"] == 'Great app, "just works" & syncs fast'
    assert bare["text"] is pd.NA and bare["rating"] == 4  # a bare rating is kept, its text missing
    assert first["created_at"] == utc("2024-05-01 10:00:00")
    assert (first["channel"], first["doc_type"]) == ("review", "review")
    assert reasons(df) == [
        "not a number in rating: three",
        "rating out of range 1–5: 0",
        "rating out of range 1–5: 6",
    ]
    assert_counts(df, rows_read=6, kept=3)


def test_reviews_amazon_ndjson():
    df = load("reviews_amazon.ndjson")
    assert df["id"].tolist() == ["1", "2"]  # no review id in this layout: the line number
    assert df["customer_id"].tolist() == ["A2SUAM1J3GNN3B", "A1RSDE90N6RSZF"]
    assert df["title"].tolist() == ["Dead in two weeks", "Fine"]
    assert df["rating"].tolist() == [1.0, 4.0]
    assert df["created_at"].tolist() == [utc("2009-09-13"), utc("2014-05-03")]  # unixReviewTime
    assert df["asin"].tolist() == ["B000FA64PK"] * 2 and df["helpful"][0] == "[2, 3]"
    assert voclab.quarantine_of(df)["record"].tolist() == [3]
    assert_counts(df, rows_read=3, kept=2)


def test_reviews_app_store_excel_is_sniffed(tmp_path):
    frame = pd.DataFrame(
        {
            "date": ["2024-05-01T10:00:00Z", "2024-05-02T11:00:00Z"],
            "review": ["Love it", "Crashes"],
            "rating": [5, 1],
            "isEdited": [False, True],
            "title": ["Great", "Bad update"],
            "userName": ["ana", "ben"],
        }
    )
    frame.to_excel(tmp_path / "appstore.xlsx", index=False)
    df = voclab.load(tmp_path / "appstore.xlsx")
    assert meta(df)["kind"] == "reviews"
    assert df[["id", "text", "rating", "title", "author"]].values.tolist() == [
        ["1", "Love it", 5, "Great", "ana"],
        ["2", "Crashes", 1, "Bad update", "ben"],
    ]
    assert df["created_at"].tolist() == [utc("2024-05-01 10:00"), utc("2024-05-02 11:00")]


def test_reviews_column_map_overrides_detection(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("ref,stars_given,feedback,when,score\nA-1,2,too slow,2024-05-01,99\n")
    df = voclab.load(path, kind="reviews", id="ref", rating="stars_given", text="feedback", created_at="when")
    assert df[["id", "rating", "text"]].values.tolist() == [["A-1", 2, "too slow"]]
    assert df["score"].tolist() == [99]  # mapped away from: kept as an extra column, as a number
    with pytest.raises(SchemaError, match="'stars' named in the column map is not in the file"):
        voclab.load(path, kind="reviews", rating="stars")


def test_reviews_without_text_is_a_schema_error_naming_the_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,when,stars\n1,2024-05-01,4\n")
    with pytest.raises(
        SchemaError,
        match=r"no text column found — fix: map one with --map text=COLUMN \(the file has: id, when, stars\)",
    ):
        voclab.load(path, kind="reviews")


# -- robustness -----------------------------------------------------------------------------------------

ODD_JSON = [
    "[]",
    "{}",
    "null",
    '"text"',
    "[1, 2]",
    '{"data": 5}',
    '{"data": [{"id": 1}, 7]}',
    '{"tickets": [1, {"id": null}]}',
    '{"post_stream": []}',
    '{"post_stream": {"posts": [{"post_number": "x", "cooked": 5}]}, "posts_count": "many"}',
    '{"kind": "Listing", "data": null}',
    '[{"kind": "t1", "data": {"id": 1, "body": ["x"], "created_utc": 1e300}}]',
    '{"rating": 3}\n{"rating": {"a": 1}}\n7\n',
]


@pytest.mark.parametrize("kind", ["x-json", "reddit", "discourse", "zendesk", "reviews"])
@pytest.mark.parametrize("content", ODD_JSON)
def test_odd_json_gives_a_frame_or_a_voclab_error(tmp_path, kind, content):
    path = tmp_path / "odd.json"
    path.write_text(content)
    try:
        df = voclab.load(path, kind=kind)
    except VoclabError as err:
        assert "odd.json" in str(err)
        return
    m = meta(df)
    assert reconciles(m)

"""voclab-cx: VADER adapted to customer text — what is scored, the customer-service words, and agreement with
people on the shared airline tweets."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.metrics import f1_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.exceptions import FormatError, ParameterError
from voclab.text import analyze, net_sentiment, sentiment
from voclab.text.cx import cx_lexicon, prepare

TICKET = "Hi team,\nI was charged twice for my plan this month and nobody answers.\nThanks in advance,\nTara Quinn"


def test_a_polite_ticket_complaint_is_negative():
    assert SentimentIntensityAnalyzer().polarity_scores(TICKET)["compound"] > 0.05  # VADER: the courtesy wins
    scored = sentiment(pd.Series([TICKET]))
    assert scored.label.item() == "negative" and scored.attrs["implementation"]["implementation"].startswith(
        "voclab-cx"
    )
    assert sentiment(pd.Series([TICKET]), method="vader").label.item() == "positive"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hello, the app crashes on login. Kind regards, Ana", "the app crashes on login."),
        ("Still broken.\n\nOn Mon, 3 Mar 2025, Support <help@x.com> wrote:\n> Glad we could help!", "Still broken."),
        ("> Great, thanks!\nNo, it is not fixed", "No, it is not fixed"),
        ("Thanks!", "Thanks!"),  # only a thank-you: that is the message
        ("Thanks for nothing", "Thanks for nothing"),  # not a sign-off
        ("@BestBuy https://t.co/a lost my order", "lost my order"),
    ],
)
def test_prepare_keeps_the_opinion(text, kept):
    assert prepare(pd.Series([text])).item() == kept


def test_brands_are_masked_and_nothing_left_has_no_score():
    texts = pd.Series(["Best Buy lost my order", "@united", "", None])
    plain = sentiment(texts)
    masked = sentiment(texts, brands=["Best Buy"])
    assert plain.label[0] == "positive" and masked.label[0] == "negative"  # "best" is +3.2 in VADER
    assert masked.compound[1:].isna().all()  # only a handle, blank, missing: no score, never neutral


def test_a_project_lexicon_adds_words_and_a_bad_one_names_its_line(tmp_path):
    own = tmp_path / "words.tsv"
    own.write_text("# our product's words\nflaky\t-1.8\twhat our users call unstable sync\n")
    assert cx_lexicon(str(own))["flaky"] == -1.8 and "stranded" in cx_lexicon(str(own))
    assert sentiment(pd.Series(["Sync is flaky"]), lexicon=own).label.item() == "negative"
    assert sentiment(pd.Series(["Sync is flaky"])).label.item() == "neutral"
    bad = tmp_path / "bad.tsv"
    bad.write_text("flaky\tvery bad\n")
    with pytest.raises(FormatError, match="bad.tsv, line 1"):
        cx_lexicon(str(bad))
    with pytest.raises(ParameterError, match="unknown sentiment method 'bert'"):
        sentiment(pd.Series(["x"]), method="bert")


def test_united_is_negative_on_the_shared_tweets_as_people_say(shared_data):
    tweets = pd.read_csv(shared_data / "twitter_airline_sentiment_tweets.csv")
    scored = analyze(
        tweets[["tweet_id", "airline", "text"]], handles=True, progress=False
    )  # the README's path, default settings
    net = net_sentiment(scored, by="airline").set_index("airline")["net"]
    assert net["United"] < 0  # VADER alone: +59 ("united" is +1.8 in its lexicon); people: −56
    people = net_sentiment(tweets.assign(label=tweets.airline_sentiment), by="airline").set_index("airline")["net"]
    assert (net * people > 0).all(), pd.DataFrame({"voclab-cx": net, "people": people})  # every airline's sign
    predicted = scored.label.astype(str).where(scored.label.notna(), "neutral")
    assert f1_score(tweets.airline_sentiment, predicted, average="macro") >= 0.62  # benchmark: 0.631
    vader = net_sentiment(analyze(tweets[["airline", "text"]], method="vader"), by="airline").set_index("airline")
    assert vader.loc["United", "net"] > 0

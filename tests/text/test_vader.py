"""FastVader must return exactly what vaderSentiment 3.3.2 returns, text for text."""

from __future__ import annotations

import csv
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as ref_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.text._vader import IMPLEMENTATION, FastVader

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TWEETS = SHARED / "twitter_airline_sentiment_tweets.csv"

REF = SentimentIntensityAnalyzer()
FAST = FastVader()


def ref_scores(text: str) -> dict[str, float]:
    return REF.polarity_scores(text)


def assert_same(text: str, fast: FastVader = FAST) -> None:
    expected = ref_scores(text)
    got = fast.polarity_scores(text)
    assert got == expected, f"{text!r}: expected {expected}, got {got}"
    assert list(got) == ["neg", "neu", "pos", "compound"]
    assert all(type(v) is float for v in got.values())


# --------------------------------------------------------------------------- hand-written rule exercises
TRICKY = [
    # the reference module's own demo sentences
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    # negation: NEGATE words, n't contractions, distance 1/2/3, "no" as negator vs stand-alone
    "not good",
    "it is not very good",
    "it isn't good",
    "it aint good",
    "I don't think it is good",
    "we never had a good time",
    "never so good",
    "it was never so good",
    "it was never this good",
    "we were never so very happy",
    "so good",
    "this is so good",
    "this good",
    "that was this good",
    "without doubt good",
    "without any doubt good",
    "without a doubt a good plan",
    "no good",
    "no",
    "no no no",
    "no problem",
    "no problem at all, happy to help",
    "no way this is good",
    "no, not good",
    "no or bad",
    "no money or nor bad",
    "no money or good",
    "nope great",
    "uh-uh nice",
    "wouldn't recommend, terrible",
    "despite the good reviews it was bad",
    "Rarely good, seldom bad",
    # but
    "good but bad",
    "but good",
    "good but",
    "great but great",
    "good good but good good",
    "bad bad but bad bad but good",
    "it was great, BUT the food was awful",
    "happy happy happy but sad sad",
    "I love it but I hate it but I love it",
    "amazing, but awful, but amazing",
    # kind of / sort of / just enough / least
    "kind of good",
    "it is kind of good",
    "the movie was kind of good",
    "the movie was sort of bad",
    "this was just enough fun",
    "kind",
    "kind of",
    "a kind man",
    "kind kind of kind",
    "it was kinda cool",
    "least good",
    "the least good option",
    "at least good",
    "at the very least good",
    "very least good",
    "this is the least bad",
    # all caps and boosters / dampeners
    "GOOD",
    "GOOD good",
    "GREAT service",
    "the service was GREAT",
    "VERY good service",
    "very GOOD service",
    "VERY GOOD SERVICE",
    "extremely bad",
    "EXTREMELY bad service",
    "it was extremely very good",
    "it was really really really good",
    "slightly bad",
    "barely good",
    "hardly BAD at all",
    "the food was SO good",
    "I LOVE it",
    "I HATE IT",
    "I hate IT",
    "ABSOLUTELY TERRIBLE flight :(",
    # special cases and sentiment-laden idioms
    "the bomb",
    "this party is the bomb",
    "that food is the bomb",
    "your new car is the shit",
    "what a bad ass movie",
    "what a badass movie",
    "yeah right",
    "oh yeah right, like that will work",
    "we waited at the bus stop for hours",
    "that was the kiss of death for the team",
    "a cake to die for",
    "this cake is to die for",
    "my beating heart",
    "with my beating heart",
    "he can't cut the mustard",
    "living hand to mouth",
    "she is under the weather",
    "we are in the red",
    "break a leg!",
    # emoticons and emojis
    ":)",
    ":-(",
    ":D",
    "<3",
    ":-) great",
    "bad :(",
    "😀",
    "👍",
    "I 😀 you",
    "hi😀",
    "😀😀😀",
    "😀 😀",
    "👍👍 great flight",
    "great flight👍",
    "\t😀",
    "😀 ",
    " 😀",
    "love it!😍😍",
    "🔛 now",
    "🇺🇸 flag",
    "👍🏽 skin tone",
    "👨‍👩‍👧 family",
    "© 2015 ® brand™",
    "not 😡",
    "😭 but 😂",
    # punctuation emphasis
    "good!",
    "good!!",
    "good!!!!",
    "good!!!!!!!!",
    "bad!!!",
    "good?",
    "good??",
    "good???",
    "good????????",
    "bad?!?!",
    "!!!",
    "???",
    "?!",
    # degenerate inputs
    "",
    " ",
    "   \t\n  ",
    "\u3000",
    ".",
    "...",
    "!?.,;:'\"()[]{}",
    string.punctuation,
    "a",
    "ok",
    "OK",
    "12345",
    "@united #fail http://t.co/xyz",
    "I'm",
    "'good'",
    "(good)",
    "good.",
    "--good--",
    "Ünïcödé ǅ ß ẞ İstanbul",
    "ПЛОХО bad",
]

LONG = " ".join(["The crew was great but the delay was awful, not good at all!"] * 150)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_sentences_match_reference(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("text", [LONG, LONG.upper(), LONG + " 😀" * 50, "good " * 2000, "x" * 10000])
def test_long_text_matches_reference(text: str) -> None:
    assert_same(text)


def test_tables_match_reference() -> None:
    assert FAST.lexicon == REF.lexicon
    assert FAST.emojis == REF.emojis
    assert "voclab" in IMPLEMENTATION and "3.3.2" in IMPLEMENTATION


def test_small_cache_still_matches() -> None:
    tiny = FastVader(cache_size=3)
    for text in TRICKY[:40]:
        assert_same(text, tiny)
    assert len(tiny._cache) <= 3


def test_score_many_matches_polarity_scores() -> None:
    texts = TRICKY[:30]
    out = FAST.score_many(texts)
    assert out.shape == (len(texts), 4)
    assert out.dtype == np.float64
    expected = np.array([[ref_scores(t)[k] for k in ("neg", "neu", "pos", "compound")] for t in texts])
    np.testing.assert_array_equal(out, expected)


def test_score_many_empty() -> None:
    out = FAST.score_many([])
    assert out.shape == (0, 4)


def test_non_str_rejected() -> None:
    with pytest.raises(TypeError):
        FAST.polarity_scores(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        FAST.polarity_scores(b"good")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- real tweets
def _tweets() -> list[str]:
    if not TWEETS.is_file():
        pytest.skip(f"{TWEETS} is absent")
    with TWEETS.open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


@pytest.mark.shared_data
def test_every_tweet_matches_reference() -> None:
    texts = _tweets()
    assert len(texts) > 14_000
    mismatches = [t for t in texts if FAST.polarity_scores(t) != ref_scores(t)]
    assert mismatches == [], f"{len(mismatches)} tweets differ, e.g. {mismatches[:3]!r}"
    expected = np.array([[ref_scores(t)[k] for k in ("neg", "neu", "pos", "compound")] for t in texts[:2000]])
    np.testing.assert_array_equal(FastVader().score_many(texts[:2000]), expected)


# --------------------------------------------------------------------------- property tests
RULE_WORDS = [
    "but", "BUT", "kind", "of", "sort", "just", "enough", "no", "or", "nor", "least", "at", "very", "never",
    "so", "this", "without", "doubt", "the", "bomb", "shit", "bad", "ass", "badass", "yeah", "right", "bus",
    "stop", "kiss", "death", "to", "die", "for", "beating", "heart", "cut", "mustard", "hand", "mouth",
]  # fmt: skip
PUNCT = ["!", "?", "!!", "???", "!?!", ".", ",", "...", ":)", ":-(", ":D", "<3", "'", '"', "(", ")", "-", "#", "@"]
EMOJI_SINGLE = sorted(k for k in REF.emojis if len(k) == 1)
EMOJI_MULTI = sorted(k for k in REF.emojis if len(k) > 1)

token = st.one_of(
    st.sampled_from(sorted(REF.lexicon)),
    st.sampled_from(sorted(ref_module.BOOSTER_DICT)),
    st.sampled_from(ref_module.NEGATE),
    st.sampled_from(RULE_WORDS),
    st.sampled_from(PUNCT),
    st.sampled_from(EMOJI_SINGLE),
    st.sampled_from(EMOJI_MULTI),
    st.text(max_size=6),
)
shape = st.sampled_from(
    [
        lambda s: s,
        lambda s: s,
        str.upper,
        str.title,
        lambda s: s + "!",
        lambda s: s + "?",
        lambda s: "(" + s + ")",
        lambda s: s + "n't",
        lambda s: s + ",",
    ]
)
sep = st.sampled_from([" ", " ", " ", " ", "", "  ", "\t", "\n", "\u00a0", "\u3000"])
sentence = st.lists(st.tuples(token, shape, sep), max_size=30).map(lambda xs: "".join(f(t) + s for t, f, s in xs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentence)
def test_property_rule_mix_matches_reference(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*EMOJI_SINGLE[::25], " ", "\t", "a", "!", "good", ":)", "\u00a0"]), max_size=40).map(
        "".join
    )
)
def test_property_emoji_spacing_matches_reference(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_property_random_unicode_matches_reference(text: str) -> None:
    assert_same(text)

"""Aspect sentiment: the sentences about a theme, not the whole text, decide how the text feels about it."""

from __future__ import annotations

import pandas as pd
from numpy.testing import assert_allclose
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.text import (
    analyze,
    aspect_sentiment,
    code_themes,
    net_sentiment,
    sentiment,
    starter_codebook,
    theme_summary,
)

REVIEW = "The delivery was fast and the courier was lovely. The billing is a mess, I was charged twice!"


def test_a_mixed_review_gives_its_two_themes_opposite_signs():
    aspects = aspect_sentiment(pd.Series([REVIEW]), method="vader").set_index("theme")
    first, second = REVIEW.split(". ")
    reference = SentimentIntensityAnalyzer().polarity_scores
    assert_allclose(aspects.at["Delivery", "compound"], reference(first + ".")["compound"])
    assert_allclose(aspects.at["Billing", "compound"], reference(second)["compound"])
    assert aspects.at["Delivery", "label"] == "positive" and aspects.at["Billing", "label"] == "negative"
    assert sentiment(pd.Series([REVIEW]), method="vader").label.item() == "positive"  # one score hides the complaint


def test_theme_summary_takes_a_themes_net_from_the_sentences_about_it():
    texts = pd.Series([REVIEW, "Billing fixed my invoice quickly, great.", "Nothing to report."])
    book = starter_codebook()
    coded, scores = code_themes(texts, book), sentiment(texts, method="vader")
    aspects = aspect_sentiment(texts, book, method="vader")
    summary = theme_summary(coded[book.themes], scores, book, aspects=aspects).set_index("theme")
    about_billing = aspects[aspects.theme == "Billing"]
    assert_allclose(summary.at["Billing", "net"], net_sentiment(about_billing)["net"].item())
    assert summary.at["Billing", "count"] == 2  # counts stay per text
    whole = theme_summary(coded[book.themes], scores, book).set_index("theme")
    assert whole.at["Billing", "net"] == 100 and summary.at["Billing", "net"] == 0  # the review read positive


def test_billing_and_cancellation_tickets_of_the_demo_are_net_negative(demo):
    tables, _ = demo
    tickets = tables.feedback[tables.feedback.channel == "ticket"].reset_index(drop=True)
    book = starter_codebook()
    scored = analyze(tickets[["id", "text"]], codebook=book, handles=True, progress=False)
    summary = theme_summary(scored[book.themes], scored, book, aspects=aspect_sentiment(scored.text, book))
    nets = summary.set_index("theme")["net"]
    assert nets["Billing"] < 0 and nets["Cancellation"] < 0, nets  # VADER on whole tickets: +48 and +67

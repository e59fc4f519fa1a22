"""Social media: an X API v2 search page and a Reddit (Pushshift-style) NDJSON dump.

Online, the loudest theme is the dark-mode request — about a third of the posts — although it has nothing
to do with who stays or leaves. Sync complaints appear until the fix and then stop. Posters are not linked
to customer ids (as in real social listening).

Example
-------
>>> page, docs = x_page(2, 200)
>>> len(page["data"]) == len(docs) == page["meta"]["result_count"], page["data"][0]["id"] > page["data"][-1]["id"]
(True, True)
"""

from __future__ import annotations

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, epoch, iso_ms, seconds
from voclab.demo._io import json_text
from voclab.demo._rng import choice, stream
from voclab.demo.phrases import THEMES
from voclab.demo.records import Doc, FileCounts
from voclab.demo.spec import PLANTED, Effects
from voclab.demo.text import Mention, Voice, plan_planted, shared_part

__all__ = ["REDDIT_FILE", "X_FILE", "reddit_lines", "x_page", "x_text"]

X_FILE = "social/x_api_v2.json"
REDDIT_FILE = "social/reddit.ndjson"
_FIX = seconds(spec.FIX_DATE)
_TWITTER_EPOCH_MS = 1_288_834_974_657
#: What people post about (weights); "" is general praise or grumbling.
_WEIGHTS = {
    "dark_mode": 0.4,
    "sync_bug": 0.12,
    "": 0.16,
    "price_value": 0.1,
    "support": 0.12,
    "reliability": 0.08,
    "ease_of_use": 0.05,
    "delivery": 0.03,
}
_HASHTAGS = {
    "dark_mode": ("darkmode", "featurerequest", "DemoCo"),
    "sync_bug": ("fail", "DemoCo", "smallbiz"),
    "": ("smallbiz", "retail", "shoplocal"),
}
_HANDLE_WORDS = ("shop", "store", "retail", "corner", "bakery", "books", "vinyl", "plants", "deli", "bikes", "tea")
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _theme(rng: np.random.Generator, t: int) -> str:
    names, weights = list(_WEIGHTS), np.array(list(_WEIGHTS.values()))
    theme = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    return "reliability" if theme == "sync_bug" and t >= _FIX else theme


def _mood(rng: np.random.Generator, theme: str) -> str:
    if theme in ("sync_bug", "billing_errors"):
        return "negative"
    return "positive" if rng.random() < (0.25 if theme == "dark_mode" else 0.45) else "negative"


def _users(rng: np.random.Generator, count: int) -> list[dict[str, str]]:
    users, seen = [], set()
    while len(users) < count:
        word = choice(rng, _HANDLE_WORDS)
        handle = f"{choice(rng, ('the', 'my', 'little', 'big', 'old', 'new', ''))}{word}{rng.integers(1, 999)}"
        if handle in seen:
            continue
        seen.add(handle)
        user_id = str(int(rng.integers(10**8, 10**18)))
        users.append({"id": user_id, "username": handle, "name": handle.capitalize().replace("_", " ")})
    return users


def x_text(voice: Voice, rng: np.random.Generator, theme: str, themed: bool = True) -> str:
    """One post addressed to @DemoCo (about ``theme``, or one theme of the shared mix when not ``themed``)."""
    parts: list[Mention] = [(theme, _mood(rng, theme)) if themed else shared_part(rng)]
    theme = parts[0][0]
    return voice.tweet(parts, choice(rng, ("@DemoCo", "@DemoCoHelp")), _HASHTAGS.get(theme, ("DemoCo",)))


def x_page(seed: int, count: int, effects: Effects = PLANTED) -> tuple[dict[str, object], list[Doc]]:
    """A search-results page (newest first) with ``count`` posts and the user expansion."""
    rng = stream(seed, "x")
    voice = Voice(stream(seed, "x-text"), casual=0.9)
    users = _users(rng, max(10, count // 3))
    times = np.sort(rng.integers(0, 365 * DAY, size=count))[::-1]
    data, docs, authors = [], [], {}
    for number, t in enumerate(times):
        t = int(t)
        theme = _theme(rng, t)
        user = users[int(rng.integers(len(users)))]
        authors[user["id"]] = user
        ms = int(rng.integers(0, 1000))
        tweet_id = str(((epoch(t) * 1000 + ms - _TWITTER_EPOCH_MS) << 22) | (number % 4096) << 10)
        planted = plan_planted(rng, number + 1, 0.006)
        planted = tuple(k for k in planted if k != "xss")
        text = x_text(voice, rng, theme, effects.channel_themes)
        text = voice.plant(text, planted) if planted else text
        likes = int(rng.poisson(3 if theme != "dark_mode" else 12))
        data.append(
            {
                "id": tweet_id,
                "text": text,
                "author_id": user["id"],
                "created_at": iso_ms(t, ms),
                "conversation_id": tweet_id,
                "edit_history_tweet_ids": [tweet_id],
                "lang": "en",
                "public_metrics": {
                    "retweet_count": int(rng.poisson(likes / 4)),
                    "reply_count": int(rng.poisson(1)),
                    "like_count": likes,
                    "quote_count": int(rng.poisson(0.2)),
                },
            }
        )
        docs.append(Doc(X_FILE, tweet_id, -1, t, text, "", planted, "social"))
    included = [authors[key] for key in sorted(authors)]
    meta = {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data)}
    return {"data": data, "includes": {"users": included}, "meta": meta}, docs


def _base36(rng: np.random.Generator, length: int) -> str:
    return "".join(_BASE36[k] for k in rng.integers(36, size=length))


def reddit_lines(seed: int, submissions: int, effects: Effects = PLANTED) -> tuple[str, FileCounts, list[Doc]]:
    """NDJSON: submissions and their comments in time order, one line cut short (as dumps have)."""
    rng = stream(seed, "reddit")
    voice = Voice(stream(seed, "reddit-text"), casual=0.8)
    authors = [
        f"{choice(rng, _HANDLE_WORDS)}_{choice(rng, ('guy', 'owner', 'lady', 'life', 'hq'))}{k}" for k in range(60)
    ]
    things: list[tuple[int, dict[str, object]]] = []
    docs: list[Doc] = []
    for _ in range(submissions):
        t = int(rng.integers(0, 360 * DAY))
        theme = _theme(rng, t)
        name = "t3_" + _base36(rng, 7)
        titles = THEMES[theme].titles if theme in THEMES and THEMES[theme].titles else ("Thoughts on Demo Co?",)
        title = voice.fill(choice(rng, titles))
        if theme == "":
            title = choice(
                rng, ("Thoughts on Demo Co?", "Switching inventory apps - advice?", "Demo Co review after a year")
            )
        part = (theme, _mood(rng, theme)) if effects.channel_themes else shared_part(rng)
        body = voice.comment([part]) if rng.random() < 0.85 or not effects.channel_themes else ""
        replies = int(rng.integers(0 if effects.unanswered else 1, 7))  # j: some posts nobody answers
        post = {
            "id": name[3:],
            "name": name,
            "title": title,
            "selftext": body,
            "subreddit": "DemoCo" if rng.random() < 0.75 else "smallbusiness",
            "author": choice(rng, authors),
            "created_utc": epoch(t),
            "num_comments": replies,
            "score": int(rng.integers(1, 250)),
            "permalink": f"/r/DemoCo/comments/{name[3:]}/",
        }
        things.append((t, post))
        docs.append(Doc(REDDIT_FILE, name, -1, t, body, title, (), "social"))
        parents = [name]
        when = t
        for _ in range(replies):
            when += int(rng.integers(300, DAY // 2 if theme == "sync_bug" else 3 * DAY))
            comment_theme = theme if rng.random() < 0.6 else ""
            if comment_theme == "sync_bug" and when >= _FIX:
                comment_theme = ""
            part = (comment_theme, _mood(rng, comment_theme)) if effects.channel_themes else shared_part(rng)
            body = voice.comment([part], short=True)
            cname = "t1_" + _base36(rng, 7)
            created: object = epoch(when) if rng.random() < 0.85 else str(epoch(when))
            comment = {
                "id": cname[3:],
                "name": cname,
                "body": body,
                "link_id": name,
                "parent_id": choice(rng, parents),
                "subreddit": post["subreddit"],
                "author": choice(rng, authors),
                "created_utc": created,
                "score": int(rng.integers(-3, 80)),
            }
            parents.append(cname)
            things.append((when, comment))
            docs.append(Doc(REDDIT_FILE, cname, -1, when, body, "", (), "social"))
    things.sort(key=lambda item: (item[0], str(item[1]["name"])))
    lines = [json_text(thing, indent=None) for _, thing in things]
    if lines:
        cut = lines[len(lines) // 2]
        lines.insert(len(lines) // 2, cut[: len(cut) // 2])
    counts = FileCounts(len(lines), {"malformed JSON line": 1} if things else {})
    return "\n".join(lines) + "\n", counts, docs

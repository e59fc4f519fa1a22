"""The community forum: Discourse topics as ``/t/{id}.json`` documents, some never answered.

Feature requests (dark mode above all) collect ``+1`` replies, sync-bug threads stop at the fix, and about
one topic in six gets no reply at all — the ground truth lists those topic ids.

Example
-------
>>> from voclab.demo.company import build
>>> topics, docs, unanswered = draw(11, build(stream(11, "company"), 400))
>>> all(t["posts_count"] == 1 for t in topics if t["id"] in unanswered), len(docs) >= len(topics)
(True, True)
"""

from __future__ import annotations

import html

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, iso_ms, seconds
from voclab.demo._rng import choice, stream
from voclab.demo.company import Company
from voclab.demo.phrases import REPLIES, STAFF_REPLIES, THEMES
from voclab.demo.records import Doc, FileCounts
from voclab.demo.text import Mention, Voice, plan_planted, shared_part

__all__ = ["FILE", "cooked", "discourse_json", "draw"]

FILE = "forum/discourse_topics.json"
_FIX = seconds(spec.FIX_DATE)
_FIRST_TOPIC = 1_201
_WEIGHTS = {
    "dark_mode": 0.2,
    "sync_bug": 0.16,
    "ease_of_use": 0.14,
    "onboarding": 0.1,
    "reliability": 0.1,
    "account_access": 0.08,
    "billing_errors": 0.07,
    "delivery": 0.05,
    "price_value": 0.05,
    "": 0.05,
}
_TITLES = {
    "ease_of_use": ("How do I export a stock report?", "Where is the bulk edit option?", "Tips for faster counting?"),
    "reliability": ("App crashes when scanning", "Reports freeze on export", "Anyone else seeing errors today?"),
    "delivery": ("Label roll orders taking ages?", "Courier keeps missing us"),
    "price_value": ("Is the Pro plan worth it?", "New pricing - thoughts?"),
    "": ("Show us your shop!", "What do you love most about the app?", "Hello from a new member"),
}
_STAFF = ("DemoCo_Sam", "DemoCo_Priya", "DemoCo_Marco")
_CATEGORIES = {"dark_mode": 7, "sync_bug": 5, "reliability": 5, "account_access": 5, "billing_errors": 6}


def cooked(text: str) -> str:
    """Discourse's ``cooked`` HTML of a plain-text post (paragraphs, line breaks, text escaped)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [""]
    return "".join("<p>" + html.escape(p, quote=False).replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def _title(rng: np.random.Generator, voice: Voice, theme: str) -> str:
    titles = THEMES[theme].titles if theme in THEMES and THEMES[theme].titles else _TITLES.get(theme, _TITLES[""])
    return voice.fill(choice(rng, titles))


def _reply_text(rng: np.random.Generator, voice: Voice, theme: str, staff: bool, t: int, themed: bool) -> str:
    if not themed:
        return voice.comment([shared_part(rng)], short=True)
    if staff:
        return voice.unique(lambda: voice.fill(choice(rng, STAFF_REPLIES)), lambda: choice(rng, ("🙂", "Thanks!")))
    if theme and theme != "account_access" and (theme != "sync_bug" or t < _FIX) and rng.random() < 0.45:
        return voice.comment([(theme, "negative" if rng.random() < 0.7 else "positive")], short=True)
    return voice.unique(lambda: voice.fill(choice(rng, REPLIES)), lambda: voice.emoji("neutral"))


def draw(seed: int, company: Company) -> tuple[list[dict[str, object]], list[Doc], list[int]]:
    """Topic documents, their posts as texts, and the ids of topics nobody answered."""
    rng = stream(seed, "forum")
    voice = Voice(stream(seed, "forum-text"), casual=0.5)
    users = sorted(
        {f"{company.first_name[i].lower()}_{company.last_name[i][:1].lower()}{i % 97}" for i in range(0, company.n, 7)}
    )
    count = max(30, company.n // 20)
    starts = np.sort(rng.integers(0, 355 * DAY, size=count))
    names, weights = list(_WEIGHTS), np.array(list(_WEIGHTS.values()))
    themed = company.effects.channel_themes
    topics, docs, unanswered = [], [], []
    post_id = 20_001
    for number, start in enumerate(starts):
        t = int(start)
        theme = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        if theme == "sync_bug" and t > _FIX - 10 * DAY:
            theme = "reliability"
        part: Mention = (theme, "negative" if rng.random() < 0.8 else "positive")
        if not themed:
            part = shared_part(rng)
            theme = part[0]
        topic_id = _FIRST_TOPIC + number
        title = _title(rng, voice, theme)
        replies = 0 if rng.random() < company.effects.unanswered else int(rng.integers(1, 9))
        if theme == "dark_mode" and replies and themed:
            replies += int(rng.integers(3, 8))
        posts, author = [], choice(rng, users)
        parts: list[Mention] = [part]
        text = voice.comment(parts)
        planted = plan_planted(rng, number + 1, 0.015)
        text = voice.plant(text, planted) if planted else text
        posts.append(_post(post_id, topic_id, 1, author, t, text, None))
        docs.append(Doc(FILE, str(post_id), -1, t, text, title, planted, "forum"))
        post_id += 1
        when = t
        for k in range(2, replies + 2):
            when = min(when + int(rng.integers(600, DAY if theme == "sync_bug" else 4 * DAY)), 365 * DAY - k)
            staff = k == 2 and rng.random() < 0.55
            reply = _reply_text(rng, voice, theme, staff, when, themed)
            target = int(rng.integers(1, k)) if rng.random() < 0.3 else None
            user = choice(rng, _STAFF) if staff else choice(rng, users)
            posts.append(_post(post_id, topic_id, k, user, when, reply, target))
            docs.append(Doc(FILE, str(post_id), -1, when, reply, "", (), "forum"))
            post_id += 1
        notices = 0
        if replies >= 4 and rng.random() < 0.25:
            closing = _post(post_id, topic_id, replies + 2, "system", when + DAY, "", None)
            closing.update(post_type=3, action_code="closed.enabled")
            posts.append(closing)
            post_id += 1
            notices = 1
        if not replies:
            unanswered.append(topic_id)
        topics.append(_topic(topic_id, title, theme, posts, notices, rng))
    return topics, docs, unanswered


def _post(
    post_id: int, topic_id: int, number: int, user: str, t: int, text: str, reply_to: int | None
) -> dict[str, object]:
    return {
        "id": post_id,
        "name": user.split("_")[0].capitalize(),
        "username": user,
        "avatar_template": f"/user_avatar/community.democo.example/{user.lower()}/{{size}}/1_2.png",
        "created_at": iso_ms(t, (post_id * 37) % 1000),
        "cooked": cooked(text),
        "post_number": number,
        "post_type": 1,
        "updated_at": iso_ms(t, (post_id * 37) % 1000),
        "reply_count": 0,
        "reply_to_post_number": reply_to,
        "quote_count": 0,
        "reads": 3 + (post_id * 7) % 60,
        "topic_id": topic_id,
        "topic_slug": "",
    }


def _topic(
    topic_id: int, title: str, theme: str, posts: list[dict[str, object]], notices: int, rng: np.random.Generator
) -> dict[str, object]:
    slug = "-".join("".join(c for c in word if c.isalnum()) for word in title.lower().split())[:60].strip("-")
    for post in posts:
        post["topic_slug"] = slug
        target = post["reply_to_post_number"]
        if target is not None:
            posts[int(target) - 1]["reply_count"] = int(posts[int(target) - 1]["reply_count"]) + 1  # type: ignore[call-overload]
    return {
        "id": topic_id,
        "title": title,
        "fancy_title": html.escape(title, quote=False),
        "posts_count": len(posts),
        "created_at": posts[0]["created_at"],
        "last_posted_at": posts[-1 - notices]["created_at"],
        "views": int(rng.integers(20, 900)),
        "reply_count": len(posts) - 1 - notices,
        "like_count": int(rng.integers(0, 40)),
        "slug": slug,
        "category_id": _CATEGORIES.get(theme, 4),
        "tags": [theme.replace("_", "-")] if theme else [],
        "closed": bool(notices),
        "archived": False,
        "post_stream": {"posts": posts, "stream": [post["id"] for post in posts]},
    }


def discourse_json(topics: list[dict[str, object]]) -> tuple[str, FileCounts]:
    """All topics as one JSON list; rows read = posts that are not system notices."""
    from voclab.demo._io import json_text

    posts = sum(
        1
        for topic in topics
        for post in topic["post_stream"]["posts"]  # type: ignore[index]
        if post["post_type"] != 3
    )
    return json_text(topics, indent=1), FileCounts(posts)

"""Support tickets, written as a Zendesk list-API page (``/api/v2/tickets.json``).

Customers file tickets through the year while they are customers; the billing-error cohort files many
billing tickets, sync-affected app users file sync tickets until the fix, and *account access* problems
(passwords, 2FA) are a ticket-only theme: nobody ever mentions them in a survey comment.

Example
-------
>>> from voclab.demo.company import build
>>> company = build(stream(5, "company"), 300)
>>> tickets, docs = draw(5, company)
>>> len(tickets) == len(docs), tickets[0].id < tickets[-1].id, tickets[0].created <= tickets[-1].created
(True, True, True)
"""

from __future__ import annotations

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, app_version, iso_z, seconds
from voclab.demo._io import json_text
from voclab.demo._rng import choice, stream
from voclab.demo.company import Company
from voclab.demo.phrases import THEMES
from voclab.demo.records import Doc, FileCounts, Ticket
from voclab.demo.text import Mention, Voice, plan_planted, shared_part

__all__ = ["FILE", "draw", "zendesk_json"]

FILE = "tickets/zendesk_tickets.json"
_FIX = seconds(spec.FIX_DATE)
_YEAR_END = 365 * DAY
_FIRST_ID = 48_211
#: Base weights of ticket themes (billing and sync get more for the customers they hit).
_WEIGHTS = {
    "account_access": 0.22,
    "delivery": 0.14,
    "reliability": 0.14,
    "onboarding": 0.08,
    "ease_of_use": 0.08,
    "price_value": 0.05,
    "billing_errors": 0.03,
    "sync_bug": 0.0,
}
_SUBJECTS = {
    "delivery": ("Order {order} not arrived", "Missing items in my delivery", "Where is my order {order}?"),
    "reliability": ("App crashing on scan", "Reports not loading", "Error 500 on export", "Scanner freezes"),
    "ease_of_use": ("How do I find the stock report?", "Can't find the settings page", "Where did export go?"),
    "price_value": ("Question about pricing", "Discount for annual plan?", "Price increase question"),
    "": ("Quick question", "Feedback", "A note for the team"),
}
_TAGS = {"billing_errors": "billing", "sync_bug": "sync", "ease_of_use": "how_to", "price_value": "pricing"}
_DETAILS = ("Order {order}", "App version {version} on {device}", "Customer ID: {cid}", "Store #{n}, till {k}")
_VIA = ("email", "web", "chat", "mobile_sdk")


def _theme(rng: np.random.Generator, company: Company, i: int, t: int) -> str:
    weights = dict(_WEIGHTS)
    if company.billing[i]:
        weights["billing_errors"] = 0.55
    if company.sync_affected[i] and t < _FIX:
        weights["sync_bug"] = 0.45
    names = list(weights)
    p = np.array([weights[k] for k in names])
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _status(rng: np.random.Generator, created: int) -> str:
    if created > _YEAR_END - 5 * DAY:
        return choice(rng, ("open", "pending", "new"))
    draw = rng.random()
    return "solved" if draw < 0.8 else "closed" if draw < 0.92 else "pending" if draw < 0.96 else "open"


def draw(seed: int, company: Company) -> tuple[list[Ticket], list[Doc]]:
    """The year's tickets (ids in time order) and their texts."""
    rng = stream(seed, "tickets")
    voice = Voice(stream(seed, "ticket-text"), casual=0.4)
    end = np.where(company.churned, company.anniversary, _YEAR_END)
    rate = np.array([s.tickets_per_year for s in spec.SEGMENTS])[company.segment]
    rate = rate * (1 + 1.5 * company.billing) * (1 + 0.8 * company.sync_affected) * end / _YEAR_END
    counts = rng.poisson(rate)
    owners = np.repeat(np.arange(company.n), counts)
    created = (rng.random(len(owners)) * end[owners]).astype(int)
    order = np.lexsort((owners, created))
    tickets, docs = [], []
    for number, k in enumerate(order):
        i, t = int(owners[k]), int(created[k])
        themed = company.effects.channel_themes
        theme, mood = (_theme(rng, company, i, t), "negative") if themed else shared_part(rng)
        status = _status(rng, t)
        hours = rng.lognormal(3.0, 1.0) if status in ("solved", "closed") else rng.uniform(0.1, 6)
        quality = float(rng.standard_normal())
        ticket = Ticket(
            id=_FIRST_ID + number,
            customer=i,
            created=t,
            updated=min(t + int(hours * 3600) + 60, _YEAR_END - 1),
            theme=theme,
            status=status,
            agent_quality=quality,
            resolved=bool(rng.random() < 1 / (1 + np.exp(-0.6 - quality))) and status in ("solved", "closed"),
        )
        subjects = THEMES[theme].subjects if theme in THEMES and THEMES[theme].subjects else _SUBJECTS.get(theme)
        subjects = subjects or _SUBJECTS[""]
        ticket.subject = voice.fill(choice(rng, subjects))
        parts: list[Mention] = [(theme, mood)]
        if rng.random() < 0.15 and themed:
            parts.append((choice(rng, ("support", "price_value", "reliability")), "negative"))
        detail = choice(rng, _DETAILS).format(
            order=voice.fill("{order}"),
            version=app_version(t),
            device=voice.fill("{device}"),
            cid=int(company.ids[i]),
            n=int(rng.integers(1, 40)),
            k=int(rng.integers(1, 6)),
        )
        name = company.first_name[i] if rng.random() < 0.7 else f"{company.first_name[i]} {company.last_name[i]}"
        text = voice.ticket(parts, name, detail)
        planted = plan_planted(rng, number + 1, 0.04)
        ticket.text = voice.plant(text, planted) if planted else text
        tickets.append(ticket)
        docs.append(Doc(FILE, str(ticket.id), i, t, ticket.text, ticket.subject, planted, "ticket"))
    return tickets, docs


def _ticket_json(rng: np.random.Generator, voice: Voice, company: Company, ticket: Ticket) -> dict[str, object]:
    segment = company.segment_name(ticket.customer).lower().replace("-", "_")
    rating: dict[str, object] = {"score": "unoffered"}
    if ticket.status in ("solved", "closed"):
        draw = rng.random()
        if draw < 0.5:
            good = ticket.agent_quality + 0.8 * ticket.resolved + 0.5 * rng.standard_normal() > 0.2
            rating = {"id": int(9_000_000 + ticket.id), "score": "good" if good else "bad", "comment": None}
            if rng.random() < 0.4:
                rating["comment"] = voice.comment([("support", "positive" if good else "negative")], short=True)
        elif draw < 0.85:
            rating = {"score": "offered"}
    i = ticket.customer
    return {
        "url": f"https://democo.zendesk.com/api/v2/tickets/{ticket.id}.json",
        "id": ticket.id,
        "external_id": None,
        "via": {"channel": choice(rng, _VIA), "source": {"from": {}, "to": {}, "rel": None}},
        "created_at": iso_z(ticket.created),
        "updated_at": iso_z(ticket.updated),
        "type": "incident" if ticket.theme in ("reliability", "sync_bug", "account_access") else "question",
        "subject": ticket.subject,
        "raw_subject": ticket.subject,
        "description": ticket.text,
        "priority": choice(rng, ("low", "normal", "normal", "high")),
        "status": ticket.status,
        "requester_id": int(company.ids[i]),
        "submitter_id": int(company.ids[i]),
        "assignee_id": int(rng.integers(360_000_000_001, 360_000_000_013)),
        "group_id": 360_004_211_000 + int(rng.integers(1, 4)),
        "tags": [tag for tag in (_TAGS.get(ticket.theme, ticket.theme), segment) if tag],
        "satisfaction_rating": rating,
    }


def zendesk_json(seed: int, company: Company, tickets: list[Ticket]) -> tuple[str, FileCounts]:
    """The list-API page. One ticket also appears in an older version (as offset paging over changing data
    returns it), which ingest must quarantine."""
    rng = stream(seed, "zendesk")
    voice = Voice(stream(seed, "zendesk-text"), casual=0.4)
    items = [_ticket_json(rng, voice, company, ticket) for ticket in tickets]
    solved = [k for k, t in enumerate(tickets) if t.status == "solved"]
    counts = FileCounts(len(items))
    if solved:
        k = solved[len(solved) // 2]
        older = {**items[k], "status": "open", "satisfaction_rating": {"score": "unoffered"}}
        older["updated_at"] = iso_z(tickets[k].created + 30)
        items.insert(max(k - 3, 0), older)
        counts = FileCounts(len(items), {"older version of a ticket": 1})
    return json_text({"tickets": items, "next_page": None, "previous_page": None, "count": len(tickets)}), counts

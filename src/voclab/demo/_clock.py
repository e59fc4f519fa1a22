"""Time in the demo: seconds since 2025-01-01 00:00:00 UTC, formatted the way each export writes dates.

>>> t = seconds("2025-11-25 10:15:32")
>>> qualtrics(t), surveymonkey(t), iso_z(t), day(t)
('2025-11-25 10:15:32', '11/25/2025 10:15:32 AM', '2025-11-25T10:15:32Z', '2025-11-25')
>>> month(t), epoch(0)
('2025-11', 1735689600)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from voclab.demo.spec import FIX_DATE

__all__ = [
    "DAY",
    "app_version",
    "day",
    "epoch",
    "iso_ms",
    "iso_z",
    "month",
    "qualtrics",
    "seconds",
    "surveymonkey",
    "to_datetime",
]

DAY = 86_400
_START = datetime(2025, 1, 1, tzinfo=UTC)


def to_datetime(t: int) -> datetime:
    """The UTC datetime ``t`` seconds after 2025-01-01."""
    return _START + timedelta(seconds=int(t))


def seconds(text: str) -> int:
    """``YYYY-MM-DD[ HH:MM:SS]`` (UTC) → seconds since 2025-01-01."""
    fmt = "%Y-%m-%d %H:%M:%S" if " " in text else "%Y-%m-%d"
    return int((datetime.strptime(text, fmt).replace(tzinfo=UTC) - _START).total_seconds())


def qualtrics(t: int) -> str:
    """``2025-11-25 10:15:32``."""
    return to_datetime(t).strftime("%Y-%m-%d %H:%M:%S")


def surveymonkey(t: int) -> str:
    """``11/25/2025 10:15:32 AM``."""
    return to_datetime(t).strftime("%m/%d/%Y %I:%M:%S %p")


def iso_z(t: int) -> str:
    """``2025-11-25T10:15:32Z`` (Zendesk)."""
    return to_datetime(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(t: int, ms: int = 0) -> str:
    """``2025-11-25T10:15:32.000Z`` (X, Discourse)."""
    return to_datetime(t).strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}Z"


def day(t: int) -> str:
    """``2025-11-25``."""
    return to_datetime(t).strftime("%Y-%m-%d")


def month(t: int) -> str:
    """``2025-11``."""
    return to_datetime(t).strftime("%Y-%m")


def epoch(t: int) -> int:
    """Unix epoch seconds."""
    return int(_START.timestamp()) + int(t)


def app_version(t: int) -> str:
    """The app version current at ``t`` (4.2.0 carries the sync fix)."""
    if t < seconds("2025-03-01"):
        return "4.0." + str(t % 5)
    if t < seconds(FIX_DATE):
        return "4.1." + str(t % 4)
    return ("4.2." if t < seconds("2025-10-01") else "4.3.") + str(t % 3)

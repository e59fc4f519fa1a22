"""Named random streams: every part of the generator draws from its own ``numpy`` generator.

Streams are derived from the seed and the part's name, so that changing how much one part draws does not
reshuffle the others.

>>> a, b = stream(42, "tickets"), stream(42, "tickets")
>>> int(a.integers(1_000_000)) == int(b.integers(1_000_000))
True
>>> int(stream(42, "forum").integers(1_000_000)) == int(stream(43, "forum").integers(1_000_000))
False
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

__all__ = ["choice", "stream"]

T = TypeVar("T")


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator for part ``name`` of the run with ``seed``."""
    return np.random.default_rng([int(seed), zlib.crc32(name.encode("utf-8"))])


def choice(rng: np.random.Generator, items: Sequence[T]) -> T:
    """One item of ``items``, uniformly (works for sequences of any objects, unlike ``rng.choice``)."""
    return items[int(rng.integers(len(items)))]

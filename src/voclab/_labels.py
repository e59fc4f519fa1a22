"""Value labels: answer codes to their texts, whatever type the code arrives as (private helpers).

Labels are stored with string keys (``{"1": "Agree"}``, JSON in the question catalogue); codes arrive as
``1``, ``1.0``, ``"1"`` or ``np.float64(1.0)`` depending on the reader and on missing values in the column.

>>> label_of({"1": "Agree", "2.5": "Half"}, 1.0), label_of({1: "Agree"}, "1"), label_of({"1": "Agree"}, 7)
('Agree', 'Agree', 7)
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

__all__ = ["code_key", "label_of"]


def code_key(code: object) -> str:
    """A code as its label key: whole numbers without ``.0`` (``1.0`` → ``"1"``), anything else as text."""
    if isinstance(code, numbers.Real) and not isinstance(code, bool) and float(code).is_integer():
        return str(int(code))
    if isinstance(code, str):
        try:
            number = float(code)
        except ValueError:
            return code.strip()
        return str(int(number)) if number.is_integer() else code.strip()
    return str(code)


def label_of(labels: Mapping[object, str], code: object) -> object:
    """The label of ``code`` (keys compared with :func:`code_key`), or ``code`` itself when unlabelled."""
    if code in labels:
        return labels[code]
    wanted = code_key(code)
    for key, text in labels.items():
        if code_key(key) == wanted:
            return text
    return code

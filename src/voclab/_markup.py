"""Text that plotly shows as text: no customer-typed markup can style, link or load anything.

plotly.js reads a small HTML subset in every string it draws (titles, axis and tick labels, legends, hover text,
annotations, category values): ``<span style=…>`` can point CSS at a remote URL and ``<a href>`` makes a link, so
a survey wave named ``2025Q4<span style="fill:url(http://host/b.svg#a)">`` would make a report call home when
opened. :func:`plotly_text` escapes every tag except the attribute-free formatting tags voclab itself writes
(``<br>``, ``<b>``, ``<i>``, ``<em>``, ``<sup>``, ``<sub>``); plotly decodes the entities, so the payload is shown
literally. :func:`plotly_safe` applies it to every string of a figure spec.

>>> plotly_text('Q4<span style="fill:url(http://x/b.svg)">!</span><br><sup>n = 12</sup>')
'Q4&lt;span style="fill:url(http://x/b.svg)"&gt;!&lt;/span&gt;<br><sup>n = 12</sup>'
>>> plotly_safe({"layout": {"title": {"text": "<a href='//x'>hi</a>"}}, "data": [{"y": [1, 2]}]})
{'layout': {'title': {'text': "&lt;a href='//x'&gt;hi&lt;/a&gt;"}}, 'data': [{'y': [1, 2]}]}
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["plotly_safe", "plotly_text"]

#: Tags plotly may interpret: only these, without attributes, survive.
_ALLOWED = re.compile(r"<(/?)(br|b|i|em|sup|sub)\s*/?>", re.IGNORECASE)
_TAG_START = re.compile(r"<")


def plotly_text(text: str) -> str:
    """``text`` with every ``<`` escaped except those opening an allowed, attribute-free formatting tag."""
    if "<" not in text and ">" not in text:
        return text
    parts, last = [], 0
    for match in _ALLOWED.finditer(text):
        parts.append(_escape(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_escape(text[last:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return _TAG_START.sub("&lt;", text).replace(">", "&gt;")


def plotly_safe(value: object) -> object:
    """A copy of a plotly figure spec (nested dicts, lists, arrays, strings) with :func:`plotly_text` on every
    string; numeric arrays are passed through untouched."""
    if isinstance(value, str):
        return plotly_text(value)
    if isinstance(value, dict):
        return {key: plotly_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plotly_safe(item) for item in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return [plotly_safe(item) for item in value.tolist()]
    return value

"""One module per input format; importing this package registers them all."""

from voclab.ingest.formats import (  # noqa: F401
    behaviour,
    discourse,
    reddit,
    reviews,
    stackexchange,
    table,
    tweets,
    xjson,
    zendesk,
)

"""One module per input format; importing this package registers them all."""

from voclab.ingest.formats import (  # noqa: F401
    behaviour,
    discourse,
    qualtrics,
    reddit,
    reviews,
    spss,
    stackexchange,
    survey_table,
    surveymonkey,
    table,
    transactions,
    tweets,
    xjson,
    zendesk,
)

"""voclab — a voice-of-customer research workbench.

>>> import voclab
>>> voclab.load  # doctest: +ELLIPSIS
<function load at ...>
"""

from importlib.metadata import PackageNotFoundError, version

from voclab.exceptions import ConfigError, FormatError, ParameterError, SchemaError, VoclabError
from voclab.ingest import Survey, load, load_survey, quarantine_of, read_table

try:
    __version__ = version("voclab")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "ConfigError",
    "FormatError",
    "ParameterError",
    "SchemaError",
    "Survey",
    "VoclabError",
    "__version__",
    "load",
    "load_survey",
    "quarantine_of",
    "read_table",
]

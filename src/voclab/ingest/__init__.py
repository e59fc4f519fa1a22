"""Ingest: every source format into the unified tables (see :mod:`voclab.schema`)."""

from voclab.ingest.api import Survey, load, load_survey, parse
from voclab.ingest.registry import kinds

__all__ = ["Survey", "kinds", "load", "load_survey", "parse"]

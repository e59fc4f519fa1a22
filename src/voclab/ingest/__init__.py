"""Ingest: every source format into the unified tables (see :mod:`voclab.schema`)."""

from voclab.config import Limits
from voclab.ingest.api import Survey, load, load_survey, parse
from voclab.ingest.quarantine import quarantine_of
from voclab.ingest.registry import kinds
from voclab.ingest.store import read_table

__all__ = ["Limits", "Survey", "kinds", "load", "load_survey", "parse", "quarantine_of", "read_table"]

"""Cleaning scraped article text: page furniture out, body kept, offsets mapped to the raw input."""

from __future__ import annotations

from unspin.clean.cleaner import clean_document
from unspin.clean.dates import Dateline, parse_dateline

__all__ = ["Dateline", "clean_document", "parse_dateline"]

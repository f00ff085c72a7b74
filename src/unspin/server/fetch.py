"""Fetch an article URL for the REST API: off unless the server runs with ``--allow-url``.

The fetch itself is the project's one guarded fetch (:func:`unspin.readers.url.fetch`, address
guard in :mod:`unspin.readers.guard`), with the server's allow-list.
"""

from __future__ import annotations

from unspin.config import Config
from unspin.errors import UrlNotAllowedError
from unspin.readers.guard import MAX_REDIRECTS, UrlPolicy, resolve_checked
from unspin.readers.url import Fetched, fetch

__all__ = ["MAX_REDIRECTS", "UrlNotAllowedError", "UrlPolicy", "fetch_page", "resolve_checked"]


def fetch_page(url: str, config: Config, policy: UrlPolicy) -> Fetched:
    """Fetch ``url`` under ``policy``: bounded in time, size and redirects; HTML or plain text only."""
    if not policy.enabled:
        raise UrlNotAllowedError("URL fetching is disabled on this server; start it with --allow-url, or send text")
    return fetch(url, config, policy)

"""``unspin serve``: the REST API and the web page, thin over :mod:`unspin.api`'s pieces."""

from __future__ import annotations

from unspin.server.app import ServeOptions, create_app

__all__ = ["ServeOptions", "create_app"]

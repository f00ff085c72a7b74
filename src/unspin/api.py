"""The Python API; the CLI, REST API and web page are thin layers over it.

``analyze(str)`` treats the string as the article's text, always: an application that hands
user text to unspin never reads a file or makes a request on the user's behalf.  Files and URLs
are read only when asked for explicitly: a :class:`pathlib.Path`, ``kind="url"``,
:func:`analyze_file` or :func:`analyze_url` (which goes through the address guard).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.document import Document
from unspin.pipeline import Pipeline
from unspin.readers import read_source
from unspin.readers.guard import UrlPolicy


def analyze(
    source: Any,
    *,
    kind: str | None = None,
    config: Config | None = None,
    until: str | None = None,
    allow_hosts: Iterable[str] = (),
    needs: Iterable[str] | None = None,
    **options: Any,
) -> Document:
    """Read ``source`` and run the pipeline over it.

    ``source`` is the article's text (``str``: never taken for a file name or a URL), raw
    bytes, a :class:`pathlib.Path`, or a :class:`~unspin.document.Document`; ``kind`` forces
    ``text``, ``html`` or ``url`` (``kind="url"`` fetches the string as a URL, through the
    address guard; ``allow_hosts`` lists non-public addresses or networks it may reach anyway).
    ``until`` stops after the named stage; ``needs`` (layer names) runs only the stages those
    layers depend on (a renderer's ``needs``).  Other keyword options build the
    :class:`~unspin.config.Config` (and are rejected when unknown).
    """
    config = config or Config.from_options(**options)
    policy = UrlPolicy.from_options(True, allow_hosts)
    doc = read_source(source, config, kind=kind, policy=policy)
    return Pipeline.default(config, until=until, needs=needs)(doc)


def analyze_file(path: str | Path, **options: Any) -> Document:
    """Read the text or HTML file at ``path`` and analyse it (options as for :func:`analyze`)."""
    return analyze(Path(path), **options)


def analyze_url(url: str, *, allow_hosts: Iterable[str] = (), **options: Any) -> Document:
    """Fetch ``url`` (loopback, private, link-local and metadata addresses refused unless in
    ``allow_hosts``) and analyse the page (options as for :func:`analyze`)."""
    return analyze(url, kind="url", allow_hosts=allow_hosts, **options)

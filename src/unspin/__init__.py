"""unspin: show the spin in news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from unspin.document import Document

__all__ = ["__version__", "analyze", "analyze_file", "analyze_url"]


def analyze(source: Any, **options: Any) -> Document:
    """Analyse one article and return its :class:`Document`.

    A ``str`` is the article's text, never a file name or a URL; give a :class:`pathlib.Path`
    (or use :func:`analyze_file`) to read a file and :func:`analyze_url` (or ``kind="url"``) to
    fetch a page.  See :func:`unspin.api.analyze` for the options.
    """
    from unspin.api import analyze as _analyze

    return _analyze(source, **options)


def analyze_file(path: Any, **options: Any) -> Document:
    """Read and analyse the text or HTML file at ``path`` (see :func:`unspin.api.analyze_file`)."""
    from unspin.api import analyze_file as _analyze_file

    return _analyze_file(path, **options)


def analyze_url(url: str, **options: Any) -> Document:
    """Fetch and analyse the page at ``url`` through the address guard (see :func:`unspin.api.analyze_url`)."""
    from unspin.api import analyze_url as _analyze_url

    return _analyze_url(url, **options)

"""unspin: show the spin in news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from unspin.document import Document

__all__ = ["__version__", "analyze"]


def analyze(source: Any, **options: Any) -> Document:
    """Analyse one article (text, bytes, a path, or a URL) and return its :class:`Document`.

    See :func:`unspin.api.analyze` for the options.
    """
    from unspin.api import analyze as _analyze

    return _analyze(source, **options)

"""The Python API; the CLI, REST API and web page are thin layers over it."""

from __future__ import annotations

from typing import Any

from unspin.config import Config
from unspin.document import Document
from unspin.pipeline import Pipeline
from unspin.readers import read_source


def analyze(
    source: Any,
    *,
    kind: str | None = None,
    config: Config | None = None,
    until: str | None = None,
    **options: Any,
) -> Document:
    """Read ``source`` and run the pipeline over it.

    ``source`` is text (``str``), raw bytes, a :class:`pathlib.Path`, a path string,
    a URL, or ``"-"`` for stdin; ``kind`` forces ``text``, ``html`` or ``url``.
    ``until`` stops after the named stage.  Other keyword options build the
    :class:`~unspin.config.Config` (and are rejected when unknown).
    """
    config = config or Config.from_options(**options)
    doc = read_source(source, config, kind=kind)
    return Pipeline.default(config, until=until)(doc)

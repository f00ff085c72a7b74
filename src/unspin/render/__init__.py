"""Renderers: a Document as JSON, an HTML report, Markdown, and exporters registered by name.

``get_renderer(name)`` returns a ``Document -> str`` function for ``json``,
``html``, ``md`` and any exporter registered with ``register_renderer``.
``document_to_json`` / ``document_from_json`` convert to and from the
versioned JSON form (schema: ``unspin/schema/document.schema.json``).
"""

from __future__ import annotations

from unspin.render.jsondoc import document_from_json, document_to_json, load_schema, render_json
from unspin.render.registry import (
    Renderer,
    RendererInfo,
    get_renderer,
    register_renderer,
    renderer_info,
    renderer_names,
)

__all__ = [
    "Renderer",
    "RendererInfo",
    "document_from_json",
    "document_to_json",
    "get_renderer",
    "load_schema",
    "register_renderer",
    "render_json",
    "renderer_info",
    "renderer_names",
]

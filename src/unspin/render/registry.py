"""Name -> renderer registry shared by the CLI, the REST API and the exporters.

A renderer turns one :class:`~unspin.document.Document` into text (JSON, HTML,
Markdown, SemEval TSV, BRAT standoff, ...).  Exporters living in other modules
register themselves with :func:`register_renderer` when imported; the built-in
modules are imported lazily the first time a renderer is looked up, so that
``import unspin.render`` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from unspin.document import Document
from unspin.errors import ConfigError

Renderer = Callable[[Document], str]
Combiner = Callable[[Sequence[str]], str]

#: Modules that register renderers when imported.  Missing ones are skipped, so an
#: exporter that is not written (or not installed) yet simply is not offered.
BUILTIN_MODULES = (
    "unspin.render.jsondoc",
    "unspin.render.html_report",
    "unspin.render.markdown",
    "unspin.render.semeval",
    "unspin.render.brat",
    "unspin.render.labelstudio",
)


@dataclass(frozen=True)
class RendererInfo:
    """A registered renderer and how its output should be stored or served."""

    name: str
    fn: Renderer
    binary: bool = False
    media_type: str = "text/plain; charset=utf-8"
    extension: str = "txt"
    #: Joins the renderings of several documents into one file (``None``: they are concatenated).
    combine: Combiner | None = None
    #: The layers the renderer reads (``None``: all of them): the pipeline runs only the stages they need.
    needs: tuple[str, ...] | None = None


_REGISTRY: dict[str, RendererInfo] = {}
_loaded = False
#: Built-in modules that exist but failed to import, with the reason: named when their format is asked for.
_BROKEN: dict[str, str] = {}


def register_renderer(
    name: str,
    fn: Renderer,
    *,
    binary: bool = False,
    media_type: str = "text/plain; charset=utf-8",
    extension: str = "txt",
    combine: Combiner | None = None,
    needs: Sequence[str] | None = None,
) -> Renderer:
    """Register ``fn`` under ``name`` (re-registering replaces); returns ``fn`` so it can decorate.

    ``combine`` joins the renderings of several documents into one file, for formats where
    concatenating them would not be a valid file (a JSON list of tasks).  ``needs`` names the
    layers the renderer reads, when it reads only some: the stages nothing of them depends on
    are then not run (``semeval`` reads only ``techniques``).
    """
    declared = tuple(needs) if needs is not None else None
    _REGISTRY[name] = RendererInfo(name, fn, binary, media_type, extension, combine, declared)
    return fn


def _load_builtins() -> None:
    """Import every built-in renderer module once; one broken exporter must not take ``json`` down with it."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the exporter exists but one of its own imports is missing
                _BROKEN[module] = f"{type(exc).__name__}: {exc}"
        except Exception as exc:
            _BROKEN[module] = f"{type(exc).__name__}: {exc}"


def renderer_info(name: str) -> RendererInfo:
    """The registered renderer ``name``; :class:`ConfigError` naming the valid ones otherwise."""
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        broken = "".join(f"; {module} failed to load ({why})" for module, why in _BROKEN.items())
        raise ConfigError(
            f"unknown output format {name!r}; choose one of: {', '.join(renderer_names())}{broken}"
        ) from None


def get_renderer(name: str) -> Renderer:
    """The function rendering a document as format ``name`` (``json``, ``html``, ``md``, ...)."""
    return renderer_info(name).fn


def renderer_names() -> list[str]:
    """Names of every registered renderer, sorted."""
    _load_builtins()
    return sorted(_REGISTRY)

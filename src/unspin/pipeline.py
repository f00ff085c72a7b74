"""Stages and the pipeline that runs them.

A stage is a plain callable ``(Document, Config) -> Document`` registered under a
name with the layers (or pseudo-layers such as ``"clean"``) it requires and
assigns.  :class:`Pipeline` checks, when it is built, that every requirement is
assigned by an earlier stage, so a bad order fails before any document is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from unspin.config import Config
from unspin.document import Document
from unspin.errors import PipelineError, UnknownStageError
from unspin.language import ENGLISH_ONLY_STAGES, in_scope

StageFn = Callable[[Document, Config], Document]
#: Text-only work of a stage that can start before the parse (its result waits in ``doc.cache``).
PrefetchFn = Callable[[Document, Config], Any]
PREFETCH_PREFIX = "prefetch:"

#: Default order of the full pipeline (DESIGN.md).  Stages not registered yet are skipped.
DEFAULT_STAGES = (
    "clean",
    "segment",
    "structure",
    "entities",
    "attribution",
    "claims",
    "techniques",
    "summary",
)


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    #: Layers read when present (not required): a pipeline cut to what a renderer needs keeps their stages.
    reads: tuple[str, ...] = ()
    #: Started in a background thread when the parse starts (see :func:`prefetched`).
    prefetch: PrefetchFn | None = None

    def __call__(self, doc: Document, config: Config) -> Document:
        return self.fn(doc, config)


_REGISTRY: dict[str, Stage] = {}


def register(
    name: str,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    reads: Iterable[str] = (),
    prefetch: PrefetchFn | None = None,
) -> Callable[[StageFn], StageFn]:
    """Decorator registering a stage function under ``name`` (``reads``: layers used when present;
    ``prefetch``: text-only work the pipeline may start in the background before the parse)."""

    def wrap(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, fn, tuple(requires), tuple(assigns), tuple(reads), prefetch)
        return fn

    return wrap


# The parse runs on one core; a stage's text-only work (the technique encoder, whose inference
# releases the GIL) overlaps it on a second thread.  One thread: the work of a chunk's documents
# queues in order, and the stage waiting for document k rarely waits.  Recreated after a fork,
# whose child inherits the executor but not its thread.
_BACKGROUND: list[tuple[int, ThreadPoolExecutor]] = []


def _background() -> ThreadPoolExecutor:
    if not _BACKGROUND or _BACKGROUND[0][0] != os.getpid():
        _BACKGROUND[:] = [(os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-prefetch"))]
    return _BACKGROUND[0][1]


def start_prefetch(docs: Iterable[Document], stages: Sequence[Stage], config: Config) -> None:
    """Submit each stage's prefetch for each document (in scope, not already started)."""
    for stage in stages:
        if stage.prefetch is None:
            continue
        for doc in docs:
            key = PREFETCH_PREFIX + stage.name
            if key not in doc.cache and (stage.name not in ENGLISH_ONLY_STAGES or in_scope(doc)):
                doc.cache[key] = _background().submit(stage.prefetch, doc, config)


def prefetched(doc: Document, name: str) -> Any:
    """The result of stage ``name``'s prefetch for ``doc`` (waiting for it to finish), or None when
    none was started or it failed: the stage then does the work itself."""
    future: Future[Any] | None = doc.cache.pop(PREFETCH_PREFIX + name, None)
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # the stage redoes the work in the foreground, where its error is reported
        return None


def drop_prefetched(doc: Document) -> None:
    """Forget prefetches no stage collected (the document leaves the pipeline; nothing waits)."""
    for key in [k for k in doc.cache if k.startswith(PREFETCH_PREFIX)]:
        doc.cache.pop(key).cancel()


def _load_builtin_stages() -> None:
    # Importing the modules registers their stages; imported lazily so that
    # ``import unspin`` stays cheap and a broken optional stage names itself.
    import unspin.stages  # noqa: F401


def get_stage(name: str) -> Stage:
    _load_builtin_stages()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownStageError(f"unknown stage {name!r}; known stages: {known}") from None


def registered_stages() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


class Pipeline:
    """An ordered, checked list of stages."""

    def __init__(self, names: Sequence[str], config: Config | None = None) -> None:
        self.config = config or Config()
        self.stages = [get_stage(n) for n in names]
        self._check_order()

    @classmethod
    def default(
        cls, config: Config | None = None, until: str | None = None, needs: Iterable[str] | None = None
    ) -> Pipeline:
        """The full pipeline of registered stages, optionally stopping after ``until``; with ``needs``
        (layer names, e.g. a renderer's), only the stages those layers depend on."""
        config = config or Config()
        available = registered_stages()
        names = [n for n in DEFAULT_STAGES if n in available and n not in config.disabled_stages]
        if until is not None:
            if until not in names:
                raise UnknownStageError(f"unknown or disabled stage {until!r}; choose one of: {', '.join(names)}")
            names = names[: names.index(until) + 1]
        if needs is not None:
            names = needed_stages(names, needs, available)
        return cls(names, config)

    def _check_order(self) -> None:
        have: set[str] = set()
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns"
                )
            have.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document, part: slice = slice(None)) -> Document:
        """Run the stages (or the ``part`` of them a batch runner asks for) over ``doc``.

        The English-only stages are skipped for a text in another language (the clean stage
        names it; :mod:`unspin.language`): their layers stay absent, reported as not analysed.
        """
        stages = self.stages[part]
        try:
            for i, stage in enumerate(stages):
                if stage.name == "segment":  # text-only work of later stages overlaps the parse
                    start_prefetch([doc], stages[i + 1 :], self.config)
                if stage.name in ENGLISH_ONLY_STAGES and not in_scope(doc):
                    continue
                doc = stage(doc, self.config)
                doc.stages_run.append(stage.name)
        finally:
            if part.stop is None:
                drop_prefetched(doc)
        return doc

    def run_many(self, docs: Sequence[Document]) -> list[Document | Exception]:
        """Run the stages over several documents, parsing their clean texts with spaCy in one batch
        (less CPU than one parse per document); a document that fails gives its exception in its place.
        """
        split = self.names.index("segment") if "segment" in self.names else len(self.stages)
        out: list[Document | Exception] = []
        for doc in docs:
            try:
                out.append(self(doc, slice(split)))
            except Exception as exc:  # one bad document must not stop the others
                out.append(exc)
        if split < len(self.stages):
            ready = [d for d in out if isinstance(d, Document)]
            start_prefetch(ready, self.stages[split + 1 :], self.config)
            parse_together(ready, self.config)
        for i, item in enumerate(out):
            if isinstance(item, Document):
                try:
                    out[i] = self(item, slice(split, None))
                except Exception as exc:
                    out[i] = exc
        return out


def needed_stages(names: Sequence[str], needs: Iterable[str], stages: dict[str, Stage]) -> list[str]:
    """The stages of ``names`` (in order) that assign a layer of ``needs`` or one a kept stage requires
    or reads."""
    wanted = set(needs)
    kept: list[str] = []
    for name in reversed(names):
        stage = stages[name]
        if wanted.intersection(stage.assigns):
            kept.append(name)
            wanted.update(stage.requires, stage.reads)
    return kept[::-1]


def parse_together(docs: list[Document], config: Config) -> None:
    """Put a batched spaCy parse of each text in ``doc.cache``; the segment stage reuses it.

    The texts are parsed in groups of at most :data:`unspin.nlp.CHUNK_CHARS` characters: a batch
    holds about 3 MB a thousand characters while it is parsed, so a chunk of four long articles
    would set a worker's peak memory.  A longer text is left to the segment stage, which parses
    it in pieces."""
    from unspin.nlp import CHUNK_CHARS, parse_many

    groups: list[list[Document]] = []
    size = 0
    for doc in docs:
        if len(doc.text) > CHUNK_CHARS:
            continue
        if not groups or size + len(doc.text) > CHUNK_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(doc)
        size += len(doc.text)
    for group in groups:
        try:
            for doc, parsed in zip(group, parse_many([d.text for d in group], config.spacy_model), strict=True):
                doc.cache["spacy"] = parsed
        except Exception:  # then the segment stage parses each text alone and reports its own error
            continue

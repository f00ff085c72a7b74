"""Stages and the pipeline that runs them.

A stage is a plain callable ``(Document, Config) -> Document`` registered under a
name with the layers (or pseudo-layers such as ``"clean"``) it requires and
assigns.  :class:`Pipeline` checks, when it is built, that every requirement is
assigned by an earlier stage, so a bad order fails before any document is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from unspin.config import Config
from unspin.document import Document
from unspin.errors import PipelineError, UnknownStageError
from unspin.language import ENGLISH_ONLY_STAGES, in_scope

StageFn = Callable[[Document, Config], Document]

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

    def __call__(self, doc: Document, config: Config) -> Document:
        return self.fn(doc, config)


_REGISTRY: dict[str, Stage] = {}


def register(
    name: str, requires: Iterable[str] = (), assigns: Iterable[str] = (), reads: Iterable[str] = ()
) -> Callable[[StageFn], StageFn]:
    """Decorator registering a stage function under ``name`` (``reads``: layers used when present)."""

    def wrap(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, fn, tuple(requires), tuple(assigns), tuple(reads))
        return fn

    return wrap


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
        for stage in self.stages[part]:
            if stage.name in ENGLISH_ONLY_STAGES and not in_scope(doc):
                continue
            doc = stage(doc, self.config)
            doc.stages_run.append(stage.name)
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
            parse_together([d for d in out if isinstance(d, Document)], self.config)
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
    """Put a batched spaCy parse of each text in ``doc.cache``; the segment stage reuses it."""
    from unspin.nlp import parse_many

    if not docs:
        return
    try:
        for doc, parsed in zip(docs, parse_many([d.text for d in docs], config.spacy_model), strict=True):
            doc.cache["spacy"] = parsed
    except Exception:  # then the segment stage parses each text alone and reports its own error
        return

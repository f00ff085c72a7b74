"""The segment stage: paragraphs, sentences that never cross paragraphs, tokens, the cached parse."""

from __future__ import annotations

import itertools
import string

import pytest
from a2_articles import INTERVIEW
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.config import Config
from unspin.document import Document
from unspin.errors import ModelError
from unspin.nlp import get_nlp, hard_break_starts
from unspin.stages.segment import paragraph_bounds, segment, sentence_bounds

CONFIG = Config()


def _segmented(text: str) -> Document:
    return segment(Document(text), CONFIG)


def test_paragraphs_are_blank_line_blocks() -> None:
    doc = _segmented(INTERVIEW)
    paragraphs = [doc.span_text(p) for p in doc.layer("paragraphs")]
    assert paragraphs[0] == "Drought Deal Collapses as Talks Stall"
    assert paragraphs[4] == "Radio Meridian: Who is really behind the closure of the dam?"
    assert len(paragraphs) == INTERVIEW.strip().count("\n\n") + 1


def test_sentences_never_cross_paragraphs() -> None:
    # "Mali" then no full stop: the parser would run on into the next paragraph.
    text = "The talks ended in Mali\n\nThe minister left early. Nobody saw him go\n\nReporters waited outside"
    doc = _segmented(text)
    sentences = [doc.span_text(s) for s in doc.layer("sentences")]
    assert sentences == [
        "The talks ended in Mali",
        "The minister left early.",
        "Nobody saw him go",
        "Reporters waited outside",
    ]
    assert [s.attrs["paragraph"] for s in doc.layer("sentences")] == [0, 1, 1, 2]


def test_wordless_pieces_join_a_neighbouring_sentence() -> None:
    from unspin.stages.segment import _merge_wordless

    text = "CITY — Police came. — \n\n— \n\n\u201c Fine."
    pieces = [(0, 4, 0), (5, 6, 0), (7, 19, 0), (20, 21, 0), (24, 25, 1), (28, 29, 2), (30, 35, 2)]
    assert [(text[s:e], i) for s, e, i in _merge_wordless(text, pieces)] == [
        ("CITY —", 0),  # joins the sentence before it in the paragraph, else the one after
        ("Police came. —", 0),
        ("—", 1),
        ("\u201c Fine.", 2),
    ]


def test_single_line_breaks_split_paragraphs_unless_the_line_goes_on_lowercase() -> None:
    text = "Headline Without Full Stop\nFirst paragraph is here.\nA wrapped line that\ncontinues here."
    assert [text[s:e] for s, e in paragraph_bounds(text)] == [
        "Headline Without Full Stop",
        "First paragraph is here.",
        "A wrapped line that\ncontinues here.",
    ]


def test_tokens_and_cached_parse() -> None:
    doc = _segmented("Putin spoke in Sochi.\n\nHe left.")
    assert [doc.span_text(t) for t in doc.layer("tokens")] == ["Putin", "spoke", "in", "Sochi", ".", "He", "left", "."]
    spacy_doc = doc.cache["spacy"]
    assert spacy_doc.text == doc.text
    assert spacy_doc.has_annotation("DEP")


def test_empty_text_gives_empty_layers() -> None:
    doc = _segmented("")
    assert doc.layer("paragraphs") == [] and doc.layer("sentences") == [] and doc.layer("tokens") == []


def test_unknown_spacy_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="no_such_model"):
        get_nlp("no_such_model")


def test_hard_breaks_skip_lowercase_continuations() -> None:
    assert hard_break_starts("a\nb\n\n  C\nD") == [7, 9]


_ALPHABET = string.ascii_letters[:6] + " .?\n"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_sentence_and_paragraph_invariants(text: str) -> None:
    doc = _segmented(text)
    paragraphs = doc.layer("paragraphs")
    for para in paragraphs:
        assert doc.span_text(para).strip() == doc.span_text(para) != ""
    for sentence in doc.layer("sentences"):
        owner = paragraphs[sentence.attrs["paragraph"]]
        assert owner.contains(sentence)
        assert doc.span_text(sentence).strip() == doc.span_text(sentence) != ""


def test_fast_attributes_give_the_same_tokens_as_spacy_components() -> None:
    from unspin.fast_attributes import COMPONENT
    from unspin.nlp import load_pipeline

    nlp = get_nlp(CONFIG.spacy_model)
    assert COMPONENT in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    reference = load_pipeline(CONFIG.spacy_model, fast_attributes=False)
    assert "attribute_ruler" in reference.pipe_names
    # "there is", "gonna", "ain't", "let's": the two-token rules of the attribute ruler
    text = INTERVIEW + "\n\nThere is a plan. We're gonna win, ain't we? Let's go. I'd have said it."
    ours, theirs = nlp(text), reference(text)
    for mine, ref in zip(ours, theirs, strict=True):
        assert (mine.pos_, mine.dep_, str(mine.morph), mine.lemma_) == (ref.pos_, ref.dep_, str(ref.morph), ref.lemma_)


def test_pipeline_runs_on_numpy_blas_with_the_same_output_as_blis() -> None:
    from unspin.nlp import load_pipeline, parse

    nlp = get_nlp(CONFIG.spacy_model)
    assert all(not component.model.ops.use_blis for _, component in nlp.pipeline if hasattr(component, "model"))
    stock = load_pipeline(CONFIG.spacy_model, use_blis=True)
    assert stock.get_pipe("ner").model.ops.use_blis
    ours, theirs = parse(INTERVIEW, CONFIG.spacy_model), stock(INTERVIEW)
    assert [(t.text, t.tag_, t.dep_, t.head.i) for t in ours] == [(t.text, t.tag_, t.dep_, t.head.i) for t in theirs]
    assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == [
        (e.start_char, e.end_char, e.label_) for e in theirs.ents
    ]


def test_parse_holds_numpys_blas_at_one_thread_and_gives_it_back() -> None:
    from threadpoolctl import threadpool_info

    from unspin.nlp import one_blas_thread

    def numpy_blas_threads() -> list[int]:
        # numpy's own OpenBLAS, the one spaCy's layers call; other libraries may bring BLAS copies of their own
        pools = [p for p in threadpool_info() if p["user_api"] == "blas" and "numpy" in p["filepath"]]
        assert pools, "numpy's BLAS not found"
        return [p["num_threads"] for p in pools]

    before = numpy_blas_threads()
    with one_blas_thread():
        assert numpy_blas_threads() == [1] * len(before)
    assert numpy_blas_threads() == before


def test_segment_reuses_a_parse_from_parse_many_and_replaces_a_stale_one() -> None:
    from unspin.nlp import parse_many

    texts = ["First text here.", "Second text here."]
    parsed = list(parse_many(texts, CONFIG.spacy_model, batch_size=2))
    doc = Document(texts[1])
    doc.cache["spacy"] = parsed[1]
    assert segment(doc, CONFIG).cache["spacy"] is parsed[1]
    stale = Document(texts[0] + " Changed.")
    stale.cache["spacy"] = parsed[0]
    assert segment(stale, CONFIG).cache["spacy"].text == stale.text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab \n", max_size=200), st.integers(min_value=1, max_value=40))
def test_chunk_bounds_cover_the_text_in_bounded_pieces(text: str, limit: int) -> None:
    from unspin.nlp import chunk_bounds

    bounds = chunk_bounds(text, limit)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= limit for s, e in bounds)
    assert all(e > s for s, e in bounds[:-1])


def test_long_text_is_parsed_in_pieces_joined_into_one_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.nlp

    monkeypatch.setattr(unspin.nlp, "CHUNK_CHARS", 300)
    text = "\n\n".join([INTERVIEW] * 2)
    doc = _segmented(text)
    assert doc.cache["spacy"].text == text and len(doc.cache["spacy"].ents) > 10
    paragraphs = doc.layer("paragraphs")
    for sentence in doc.layer("sentences"):
        assert paragraphs[sentence.attrs["paragraph"]].contains(sentence)


def test_a_sentence_opening_with_a_lowercase_word_joins_the_one_before() -> None:
    text = "They would like it but I think it is over. iPhone sales rose.\n\nThat is their area\nand so it is awkward."
    cuts = [0, text.index("but"), text.index("iPhone"), text.index("That"), text.index("and so"), len(text)]
    parser_sentences = list(itertools.pairwise(cuts))  # as a parser that cuts run-on sentences might
    pieces = sentence_bounds(text, parser_sentences, paragraph_bounds(text))
    assert [text[s:e] for s, e, _ in pieces] == [
        "They would like it but I think it is over.",
        "iPhone sales rose.",
        "That is their area\nand so it is awkward.",
    ]

"""SemEval TSV export: raw offsets, article ids, and exact gold offsets on PTC files."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.document import Document, Source, Span
from unspin.evaluate.techniques import read_labels, score_si
from unspin.offsets import OffsetMap, TextBuilder
from unspin.render.registry import get_renderer
from unspin.render.semeval import render_semeval, semeval_article_id, semeval_rows

PTC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ptc"


def cleaned_doc() -> Document:
    """Raw input with page furniture the cleaner dropped: clean offsets differ from raw ones."""
    raw = "Listen Live\nThe evil regime lies.\r\nShare this"
    builder = TextBuilder(raw)
    builder.copy(12, 33)  # "The evil regime lies."
    doc = Document(raw, Source(kind="text", name="/data/article777.txt"))
    text, offsets = builder.build()
    doc.set_clean_text(text, offsets)
    doc.set_layer("techniques", [Span(4, 15, "Name_Calling,Labeling", 0.7)])
    return doc


def test_rows_use_raw_offsets() -> None:
    doc = cleaned_doc()
    assert doc.text == "The evil regime lies."
    assert render_semeval(doc) == "777\tName_Calling,Labeling\t16\t27\n"
    assert doc.raw[16:27] == "evil regime"


def test_renderer_is_registered_as_semeval() -> None:
    doc = cleaned_doc()
    assert get_renderer("semeval")(doc) == render_semeval(doc)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("article111.txt", "111"),
        ("/x/y/article42.txt", "42"),
        ("notes/my-story.txt", "my-story"),
        ("articleX.txt", "articleX"),
    ],
)
def test_article_id_from_source_name(name: str, expected: str) -> None:
    assert semeval_article_id(Document("x", Source(kind="text", name=name))) == expected


def test_article_id_without_a_name_is_a_hash_prefix() -> None:
    doc = Document("some text")
    assert semeval_article_id(doc) == doc.source.raw_sha256[:12]


def test_no_techniques_renders_nothing() -> None:
    assert render_semeval(Document("plain")) == ""


def clean_to_raw_index(offsets: OffsetMap) -> dict[int, int]:
    """Raw index -> clean index for every verbatim-copied character."""
    index = {}
    for seg in offsets.segments:
        if seg.copied:
            for k in range(seg.clean_end - seg.clean_start):
                index[seg.raw_start + k] = seg.clean_start + k
    return index


@pytest.mark.skipif(not PTC.is_dir(), reason="../shared/data/ptc is absent")
def test_ptc_gold_spans_survive_clean_and_export_exactly() -> None:
    """Gold spans placed on the cleaned text come back out of the export at the gold raw offsets."""
    from unspin.pipeline import Pipeline
    from unspin.readers import read_source

    gold = read_labels(PTC / "dev-task-flc-tc.labels")
    files = sorted((PTC / "dev-articles").glob("*.txt"))[:8]
    for file in files:
        doc = Pipeline(["clean"])(read_source(file))
        aid = semeval_article_id(doc)
        mine = [g for g in gold if g[0] == aid]
        to_clean = clean_to_raw_index(doc.offsets)
        spans = []
        for _, tech, start, end in mine:
            assert start in to_clean and end - 1 in to_clean, f"{file.name}: gold text {start}-{end} was dropped"
            span = Span(to_clean[start], to_clean[end - 1] + 1, tech)
            assert doc.offsets.is_verbatim(span.start, span.end)
            assert doc.span_text(span) == doc.raw[start:end]
            spans.append(span)
        doc.set_layer("techniques", spans)
        assert sorted(semeval_rows(doc)) == sorted(mine)


def test_exported_offsets_score_perfectly_against_themselves(tmp_path: Path) -> None:
    doc = cleaned_doc()
    path = tmp_path / "pred.labels"
    path.write_text(render_semeval(doc), encoding="utf-8")
    labels = read_labels(path)
    assert score_si(labels, labels).f1 == 1.0

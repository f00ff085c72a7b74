from __future__ import annotations

import json

import pytest
from corpus_helpers import FAKE
from hypothesis import given
from hypothesis import strategies as st

from unspin.corpus.inputs import Record
from unspin.corpus.work import (
    ArticleRow,
    ErrorRow,
    Task,
    article_key,
    attribution_rows,
    covered_chars,
    month_of,
    normalise_claim,
    pipeline_version,
    process_task,
)
from unspin.document import Document, Span


def _record(text: str = "Alice Marsh said that 3 wells closed. A disaster.", **kw: str) -> Record:
    return Record(id="r1", content=text, kind="text", origin="test", **kw)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12))
def test_covered_chars_counts_the_union_of_spans(pairs: list[tuple[int, int]]) -> None:
    spans = [Span(start, start + length, "x") for start, length in pairs]
    union = {i for s in spans for i in range(s.start, s.end)}
    assert covered_chars(spans) == len(union)


def test_month_of_reads_iso_dates_and_refuses_others() -> None:
    assert month_of("2024-03-05T23:30:00-05:00") == "2024-03"
    assert month_of("2024-03-05T23:30:00Z") == "2024-03"
    assert month_of("2024-11") == "2024-11"
    assert month_of("March 2024") is None
    assert month_of(None) is None


def test_normalise_claim_keeps_words_only() -> None:
    assert (
        normalise_claim("  The DAM will flood 40 villages, officials say!")
        == "the dam will flood 40 villages officials say"
    )


def test_article_key_depends_on_content_version_and_outlet() -> None:
    base = article_key(_record(), "v1")
    assert base == article_key(_record(), "v1")
    assert base != article_key(_record(), "v2")
    assert base != article_key(_record("Other text."), "v1")
    assert base != article_key(_record(outlet="Herald"), "v1")


def test_pipeline_version_names_stages_and_model_versions() -> None:
    assert pipeline_version(FAKE.build()).endswith(";fake_annotate=fake-1")


def test_process_task_flattens_every_layer() -> None:
    pipeline = FAKE.build()
    row = process_task(Task("k", _record(outlet="Herald", published="2024-02-01")), pipeline)
    assert isinstance(row, ArticleRow)
    assert (row.outlet, row.month, row.words) == ("Herald", "2024-02", 9)
    assert row.techniques == [(40, 48, "Loaded_Language", 0.9, "disaster")]
    assert row.attributions == [("a0", "Alice Marsh", "Alice Marsh", "indirect", "neutral", "said", "3 wells closed")]
    assert row.claims[0][2:4] == ("Alice Marsh said that 3 wells closed.", "alice marsh said that 3 wells closed")
    assert row.entities == [(0, 11, "PERSON", "Alice Marsh", "Alice Marsh")]
    assert row.flagged_chars == 8
    doc = json.loads(row.doc_json)
    assert doc["text"] == row.text and doc["metadata"]["outlet"] == "Herald"
    assert len(doc["layers"]["techniques"]) == 1


def test_process_task_turns_an_exception_into_an_error_row() -> None:
    row = process_task(Task("k", _record("POISON")), FAKE.build())
    assert row == ErrorRow("k", "r1", "test", "ValueError: poisoned article")


def test_attribution_rows_leave_an_unresolved_source_unresolved() -> None:
    doc = Document("I said it rains.")
    attrs = {"id": "q1", "kind": "indirect", "stance": "neutral", "resolved": None}
    doc.set_layer(
        "attributions",
        [Span(0, 1, "source", 0.9, attrs), Span(2, 6, "cue", 0.9, attrs), Span(7, 15, "content", 0.9, attrs)],
    )
    assert attribution_rows(doc) == [("q1", "I", None, "indirect", "neutral", "said", "it rains")]


def test_a_chunk_is_parsed_in_one_batch_with_the_same_rows_as_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.stages.segment
    from unspin.corpus.work import PipelineSpec, init_worker, process_chunk

    spec = PipelineSpec(until="entities")
    tasks = [
        Task("a", _record("Alice Marsh said that 3 wells closed in Leeds.")),
        Task("b", _record("   ")),  # nothing to analyse: an error row, and the others go on
        Task("c", _record("The mayor of Hull, Tom Fry, denied the report on Monday.")),
    ]
    alone = [process_task(task, spec.build()) for task in tasks]
    init_worker(spec)

    def no_single_parse(text: str, model: str) -> None:
        raise AssertionError("the segment stage parsed again: the batched parse was not used")

    monkeypatch.setattr(unspin.stages.segment, "parse", no_single_parse)
    together = process_chunk(tasks)
    assert [type(row) for row in together] == [ArticleRow, ErrorRow, ArticleRow]
    for row, reference in zip(together, alone, strict=True):
        if isinstance(row, ArticleRow):
            assert isinstance(reference, ArticleRow)
            assert row.entities == reference.entities
            assert row.doc_json == reference.doc_json

import pytest

from unspin.config import Config
from unspin.document import Document, Span
from unspin.errors import ConfigError, PipelineError
from unspin.pipeline import Pipeline, register


@register("test_words", requires=(), assigns=("test_words",))
def _words(doc: Document, config: Config) -> Document:
    spans, pos = [], 0
    for word in doc.text.split():
        start = doc.text.index(word, pos)
        pos = start + len(word)
        spans.append(Span(start, pos, "word"))
    doc.set_layer("test_words", spans)
    return doc


@register("test_long_words", requires=("test_words",), assigns=("test_long",))
def _long(doc: Document, config: Config) -> Document:
    doc.set_layer("test_long", [s for s in doc.layer("test_words") if s.end - s.start > 5])
    return doc


def test_pipeline_runs_stages_in_order() -> None:
    doc = Pipeline(["test_words", "test_long_words"])(Document("a big lengthy sentence"))
    assert [doc.span_text(s) for s in doc.layer("test_long")] == ["lengthy", "sentence"]
    assert doc.stages_run == ["test_words", "test_long_words"]


def test_pipeline_rejects_a_stage_before_its_requirement() -> None:
    with pytest.raises(PipelineError, match=r"test_long_words.*requires test_words"):
        Pipeline(["test_long_words", "test_words"])


def test_unknown_stage_names_the_known_ones() -> None:
    with pytest.raises(PipelineError, match=r"unknown stage 'nope'.*test_words"):
        Pipeline(["nope"])


def test_default_pipeline_until_unknown_stage_fails() -> None:
    with pytest.raises(PipelineError, match="unknown or disabled stage"):
        Pipeline.default(until="nope")


def test_config_rejects_unknown_and_invalid_options() -> None:
    with pytest.raises(ConfigError, match="max_input_bytes"):
        Config.from_options(max_input_bytes=-1)
    with pytest.raises(ConfigError, match="colour"):
        Config.from_options(colour="red")


def test_layer_spans_must_lie_inside_text() -> None:
    doc = Document("abc")
    with pytest.raises(ValueError, match="outside text"):
        doc.set_layer("x", [Span(1, 5, "x")])


def test_text_cannot_be_replaced_once_layers_exist() -> None:
    doc = Document("abc")
    doc.set_layer("x", [Span(0, 1, "x")])
    with pytest.raises(RuntimeError):
        from unspin.offsets import OffsetMap

        doc.set_clean_text("ab", OffsetMap.identity(2))


def test_span_rejects_negative_or_inverted_offsets() -> None:
    with pytest.raises(ValueError):
        Span(3, 2, "x")


def test_needs_keeps_only_the_stages_a_layer_depends_on() -> None:
    """A renderer that reads only techniques runs clean, segment and techniques (issue 15)."""
    names = Pipeline.default(needs=("techniques",)).names
    assert names == ["clean", "segment", "techniques"]
    assert Pipeline.default(needs=("attributions",)).names == [
        "clean",
        "segment",
        "structure",
        "entities",
        "attribution",
    ]
    assert Pipeline.default(needs=None).names == Pipeline.default().names


def test_needs_applies_after_until() -> None:
    assert Pipeline.default(until="segment", needs=("techniques",)).names == []
    assert Pipeline.default(until="techniques", needs=("sentences",)).names == ["clean", "segment"]


def test_run_many_gives_each_failing_document_its_exception() -> None:
    pipeline = Pipeline(["test_words", "test_long_words"])
    good, bad = Document("several lengthy words"), Document("fine")
    bad.set_layer("test_words", [])  # a second set_layer of the same layer is refused

    def refuse(doc: Document, config: Config) -> Document:
        if doc is bad:
            raise PipelineError("this one fails")
        return _words(doc, config)

    from unspin.pipeline import Stage

    pipeline.stages[0] = Stage("test_words", refuse, (), ("test_words",))
    out = pipeline.run_many([good, bad])
    assert isinstance(out[0], Document) and [out[0].span_text(s) for s in out[0].layer("test_long")] == [
        "several",
        "lengthy",
    ]
    assert isinstance(out[1], PipelineError)


# ---------------------------------------------------------------- prefetch: text-only work beside the parse


def _prefetch_pipeline(prefetch: object) -> tuple[Pipeline, list[object]]:
    """A pipeline "segment" -> "test_after", whose second stage prefetches; records what it received."""
    import threading

    from unspin.pipeline import Stage, prefetched

    received: list[object] = []

    def segment(doc: Document, config: Config) -> Document:
        return doc

    def after(doc: Document, config: Config) -> Document:
        got = prefetched(doc, "test_after")
        received.append(got if got is not None else ("foreground", threading.current_thread().name))
        return doc

    pipeline = Pipeline(["test_words"])
    pipeline.stages = [Stage("segment", segment, (), ()), Stage("test_after", after, (), (), (), prefetch)]  # type: ignore[arg-type]
    return pipeline, received


def _length_in_thread(doc: Document, config: Config) -> tuple[int, str]:
    import threading

    return len(doc.text), threading.current_thread().name


def test_a_prefetch_runs_in_the_background_and_reaches_its_stage() -> None:
    pipeline, received = _prefetch_pipeline(_length_in_thread)
    doc = pipeline(Document("four words of text"))
    (got,) = received
    assert isinstance(got, tuple) and got[0] == len("four words of text")
    assert got[1].startswith("unspin-prefetch")  # not the caller's thread
    assert not any(k.startswith("prefetch:") for k in doc.cache)  # nothing left behind


def test_run_many_prefetches_every_document_of_the_chunk() -> None:
    pipeline, received = _prefetch_pipeline(_length_in_thread)
    texts = ["a", "bb", "ccc", "dddd"]
    out = pipeline.run_many([Document(t) for t in texts])
    assert all(isinstance(d, Document) for d in out)
    assert [r[0] for r in received] == [1, 2, 3, 4]  # type: ignore[index]


def test_a_failed_prefetch_leaves_the_work_to_the_stage() -> None:
    def broken(doc: Document, config: Config) -> object:
        raise RuntimeError("encoder failed")

    pipeline, received = _prefetch_pipeline(broken)
    pipeline(Document("some text"))
    assert received == [("foreground", "MainThread")]


def test_the_background_thread_is_made_again_after_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.pipeline as pipeline_module

    before = pipeline_module._background()
    monkeypatch.setattr(pipeline_module.os, "getpid", lambda: -1)  # as in a forked child
    after = pipeline_module._background()
    assert after is not before
    assert after.submit(lambda: 42).result(timeout=10) == 42


def test_parse_together_groups_texts_by_size_and_leaves_long_ones_to_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.nlp as nlp
    from unspin.pipeline import parse_together

    batches: list[list[str]] = []

    def fake_parse_many(texts: list[str], model: str) -> list[str]:
        batches.append(list(texts))
        return [f"parsed:{t[:3]}" for t in texts]

    monkeypatch.setattr(nlp, "parse_many", fake_parse_many)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 10)
    docs = [Document("aaaa"), Document("bbbb"), Document("cccc"), Document("dddddddddddd"), Document("ee")]
    parse_together(docs, Config())
    assert batches == [["aaaa", "bbbb"], ["cccc", "ee"]]  # at most 10 characters a batch
    assert "spacy" not in docs[3].cache  # over the limit: the segment stage parses it in pieces
    assert docs[4].cache["spacy"] == "parsed:ee"

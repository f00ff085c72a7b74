"""BRAT export in PolNeAR's form: raw offsets, fragments cut at line breaks, univocal by default."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import build

from unspin.config import Config
from unspin.document import Document, Span
from unspin.evaluate.attribution import parse_ann
from unspin.offsets import TextBuilder
from unspin.render.brat import brat_lines, render_brat
from unspin.render.registry import get_renderer, renderer_info
from unspin.stages.attribution import attribution_stage

GOLDEN = Path(__file__).parent / "golden"
RAW = (
    "Listen Live\n"
    "The harbour master said that the port will reopen on Monday.\n\n"
    "“We have cleared the wrecks,\n\n“and the channel is safe again,” she added."
)


def cleaned() -> Document:
    """The raw text with its first line lifted out, as a cleaner would: clean offsets differ from raw ones."""
    builder = TextBuilder(RAW)
    builder.copy(RAW.index("The harbour"), len(RAW))
    text, offsets = builder.build()
    doc = build(text)
    raw_doc = Document(RAW)
    raw_doc.set_clean_text(text, offsets)
    raw_doc.cache = doc.cache
    raw_doc.set_layer("sentences", doc.layer("sentences"))
    raw_doc.set_layer("entities", doc.layer("entities"))
    return attribution_stage(raw_doc, Config())


def test_matches_golden_file() -> None:
    ann = render_brat(cleaned())
    golden = GOLDEN / "harbour.ann"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(ann, encoding="utf-8")
    assert ann == golden.read_text(encoding="utf-8")


def test_offsets_point_into_the_raw_input() -> None:
    for line in render_brat(cleaned()).splitlines():
        if line.startswith("T"):
            _, label_offsets, words = line.split("\t")
            fragments = [tuple(map(int, part.split())) for part in label_offsets.split(" ", 1)[1].split(";")]
            assert " ".join(RAW[s:e] for s, e in fragments) == words


def test_fragments_never_cross_a_line_break() -> None:
    spans = parse_ann(render_brat(cleaned()))
    content = [s for s in spans if s.role == "content" and len(s.fragments) > 1]
    assert content, "the quote over two paragraphs should give a content with several fragments"
    for span in spans:
        for start, end in span.fragments:
            assert "\n" not in RAW[start:end]


def test_every_event_ties_its_roles() -> None:
    lines = brat_lines(cleaned())
    t_ids = {line.split("\t")[0] for line in lines if line.startswith("T")}
    events = [line for line in lines if line.startswith("E")]
    assert len(events) == 2
    for event in events:
        refs = [part.split(":")[1] for part in event.split("\t")[1].split()]
        assert set(refs) <= t_ids
        assert event.split("\t")[1].startswith("Attribution:")


def test_nested_attributions_only_when_asked() -> None:
    doc = build("“I think that the port is safe,” she said.")
    doc = attribution_stage(doc, Config())
    assert len({s.attrs["id"] for s in doc.layer("attributions")}) == 2
    assert sum(line.startswith("E") for line in brat_lines(doc)) == 1
    assert sum(line.startswith("E") for line in brat_lines(doc, nested=True)) == 2


def test_sourceless_attribution_uses_polnear_anchor() -> None:
    doc = Document("It was reported that the port is closed.")
    attrs = {"id": "a1", "kind": "indirect", "stance": "neutral", "resolved": None, "cluster": None}
    doc.set_layer("attributions", [Span(7, 15, "cue", 0.5, attrs), Span(16, 39, "content", 0.5, attrs)])
    lines = brat_lines(doc)
    assert lines[-1] == "E1\tAttribution-no-source:T3 Cue:T1 Content:T2"


def test_registered_as_brat_renderer() -> None:
    assert get_renderer("brat") is render_brat
    assert renderer_info("brat").extension == "ann"
    assert get_renderer("brat")(Document("No attributions here.")) == ""

"""The summary stage: counts per layer, words, technique density, claims, top sources."""

from __future__ import annotations

from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.summary import covered_chars, summary

CONFIG = Config()
TEXT = "Officials said the plan failed. Critics claimed it was a disgraceful betrayal."


def _source(doc: Document, words: str, ident: str, resolved: str | None) -> list[Span]:
    start = doc.text.index(words)
    attrs = {"id": ident, "kind": "indirect", "resolved": resolved}
    cue = Span(start + len(words) + 1, start + len(words) + 5, "cue", attrs=attrs)
    return [Span(start, start + len(words), "source", attrs=attrs), cue]


def test_only_basic_figures_without_layers() -> None:
    result = summary(Document(TEXT), CONFIG).summary
    assert result == {"characters": len(TEXT), "words": 12, "removed": 0, "layers": {}}


def test_full_summary_from_every_layer() -> None:
    doc = Document(TEXT)
    doc.set_layer("tokens", [Span(0, 9, "token"), Span(10, 14, "token"), Span(30, 31, "token")])
    betrayal = doc.text.index("disgraceful")
    doc.set_layer(
        "techniques",
        [
            Span(betrayal, betrayal + 20, "Loaded_Language", 0.9),
            Span(betrayal + 12, betrayal + 20, "Name_Calling,Labeling", 0.7),
        ],
    )
    doc.set_layer("claims", [Span(0, 31, "claim", 0.8)])
    doc.set_layer(
        "attributions",
        _source(doc, "Officials", "a1", None) + _source(doc, "Critics", "a2", "critics") + [],
    )
    doc.set_layer("turns", [])
    entity = {"cluster": 0, "canonical": "Officials"}
    doc.set_layer("entities", [Span(0, 9, "ORG", attrs=entity), Span(32, 39, "NORP", attrs={**entity, "cluster": 1})])
    result = summary(doc, CONFIG).summary
    assert result["words"] == 2  # two of the three tokens are words
    assert result["layers"] == {"attributions": 4, "claims": 1, "entities": 2, "techniques": 2, "tokens": 3, "turns": 0}
    assert result["techniques_per_1000_words"] == 1000.0
    visible = sum(1 for ch in TEXT if not ch.isspace())
    assert result["share_flagged"] == round(19 / visible, 4)  # the overlap counts once, the space in it not at all
    assert result["techniques_by_label"] == {"Loaded_Language": 1, "Name_Calling,Labeling": 1}
    assert result["claims"] == 1
    assert result["techniques"] == 2  # spans
    assert result["attributions"] == 2  # statements (ids), not the 4 spans
    assert [v["source"] for v in result["voices"]] == ["Officials", "critics"]
    assert result["top_sources"] == [
        {"source": "Officials", "attributions": 1},
        {"source": "critics", "attributions": 1},
    ]
    assert result["interview"] is False
    assert result["entity_clusters"] == 2


def test_empty_text_has_no_density() -> None:
    doc = Document("")
    doc.set_layer("techniques", [])
    result = summary(doc, CONFIG).summary
    assert result["techniques_per_1000_words"] == 0.0 and result["share_flagged"] == 0.0


def test_covered_chars_merges_overlaps_and_gaps() -> None:
    spans = [Span(0, 10, "a"), Span(5, 12, "b"), Span(20, 25, "c"), Span(21, 22, "d")]
    assert covered_chars(spans) == 17


def test_figures_of_earlier_stages_are_kept_and_ours_win_a_clash() -> None:
    doc = Document(TEXT)
    doc.summary = {"voices": [{"source": "Critics"}], "words": -1}
    result = summary(doc, CONFIG).summary
    assert result["voices"] == [{"source": "Critics"}] and result["words"] == 12


def test_share_flagged_counts_only_the_spans_shown_by_default() -> None:
    # The share sits beside the highlighted text: lower-confidence spans (one click away) do not count.
    doc = Document(TEXT)
    betrayal = doc.text.index("disgraceful")
    plan = doc.text.index("the plan")
    doc.set_layer(
        "techniques",
        [
            Span(betrayal, betrayal + 20, "Loaded_Language", 0.9, {"shown": True}),
            Span(plan, plan + 8, "Doubt", 0.3, {"shown": False}),
        ],
    )
    result = summary(doc, CONFIG).summary
    visible = sum(1 for ch in TEXT if not ch.isspace())
    assert result["share_flagged"] == round(19 / visible, 4)
    assert result["techniques"] == 2

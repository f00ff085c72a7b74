from __future__ import annotations

from unspin.document import Document, Span
from unspin.render import get_renderer
from unspin.render.views import blocks, boundaries, claim_rows, voices, word_count


def test_blocks_follow_paragraphs_and_keep_text_outside_them() -> None:
    doc = Document("Title\n\nFirst para.\n\nLeft out.")
    doc.set_layer("paragraphs", [Span(7, 18, "paragraph")])
    assert [doc.text[b.start : b.end] for b in blocks(doc)] == ["Title", "First para.", "Left out."]


def test_blocks_split_on_blank_lines_without_a_paragraph_layer() -> None:
    doc = Document("  One.\n \nTwo\nlines.\n\n\n")
    assert [doc.text[b.start : b.end] for b in blocks(doc)] == ["One.", "Two\nlines."]


def test_turn_is_attached_to_its_first_block_only() -> None:
    doc = Document("Q: Why?\n\nA: Because.\n\nAnd more.")
    doc.set_layer(
        "turns",
        [Span(0, 7, "question", None, {"speaker": "Q"}), Span(9, 31, "answer", None, {"speaker": "A"})],
    )
    found = blocks(doc)
    assert [b.turn is not None for b in found] == [True, True, False]
    assert [b.role for b in found] == ["question", "answer", "answer"]


def test_voices_group_by_resolved_name(full_doc: Document) -> None:
    found = {v.name: v for v in voices(full_doc)}
    assert set(found) == {"Amir Haddad", "Critics", "Clara Voss", "Southland government"}
    assert found["Southland government"].stances == {"denial": 1}
    assert found["Critics"].words == word_count(
        "the plan a reckless gamble with the nation’s water & power <at any cost>"
    )


def test_voices_count_repeated_sources_together() -> None:
    doc = Document("Ann said yes. ann said no.")
    spans = []
    for ident, (s, c, t) in {"1": (0, 4, 9), "2": (14, 18, 23)}.items():
        spans += [Span(s, s + 3, "source", None, {"id": ident}), Span(c, c + 4, "cue", None, {"id": ident})]
        spans.append(Span(t, t + 3 if ident == "1" else t + 2, "content", None, {"id": ident, "stance": "neutral"}))
    doc.set_layer("attributions", spans)
    [ann] = voices(doc)
    assert (ann.count, ann.words, dict(ann.stances)) == (2, 2, {"neutral": 2})


def test_voices_pool_the_forms_of_an_unresolved_pronoun() -> None:
    text = "They said yes. It shamed them to admit it."
    doc = Document(text)
    spans = []
    for ident, (source, cue, content) in {"1": ("They", "said", "yes"), "2": ("them", "admit", "it.")}.items():
        for label, words in (("source", source), ("cue", cue), ("content", content)):
            start = text.index(words)
            attrs = {"id": ident, "stance": "neutral"} if label == "content" else {"id": ident}
            spans.append(Span(start, start + len(words), label, None, attrs))
    doc.set_layer("attributions", spans)
    [they] = voices(doc)
    assert (they.name, they.count) == ("They (unresolved)", 2)  # one voice, and not shown as a name


def test_claim_rows_join_cue_and_kind(full_doc: Document) -> None:
    rows = claim_rows(full_doc)
    assert [r.rank for r in rows] == [1, 2, 3]
    assert (rows[2].cue, rows[2].cue_stance, rows[2].kind) == ("denies", "denial", "indirect")
    assert rows[1].cue == "" and rows[1].kind == "interview_answer"


def test_boundaries_cut_at_every_span_edge_inside_the_range() -> None:
    spans = [Span(2, 6, "a"), Span(4, 12, "b"), Span(20, 30, "c")]
    assert boundaries(spans, 0, 10) == [0, 2, 4, 6, 10]


def test_empty_tables_tell_not_analysed_from_none_found(empty_doc: Document) -> None:
    bare = Document("No stage ran on this.")
    for render in (get_renderer("html"), get_renderer("md")):
        assert "Not analysed: the techniques stage did not run" in render(bare)
        assert "Not analysed: the claims stage did not run" in render(bare)
        assert "Not analysed" not in render(empty_doc)
        assert "No persuasion techniques were found." in render(empty_doc)


def test_split_quote_fragments_all_count_for_their_speaker() -> None:
    doc = Document("“The plan,” she said, “is dead and buried.”")
    ident = {"id": "q1", "kind": "direct", "stance": "neutral", "resolved": "Mira"}
    doc.set_layer(
        "attributions",
        [
            Span(0, 11, "content", 0.9, ident),
            Span(12, 15, "source", 0.9, ident),
            Span(16, 20, "cue", 0.9, ident),
            Span(22, 43, "content", 0.9, ident),
        ],
    )
    [mira] = voices(doc)
    assert (mira.name, mira.count, mira.words) == ("Mira", 1, 6)


def test_voices_match_the_summary_and_count_a_nested_quote_once() -> None:
    from unspin.claims.voices import voices as summary_voices

    text = 'Lee Park: We saw it. "The dam broke," I said then.'
    doc = Document(text)
    answer, quote, said = text.index("We"), text.index('"The'), text.index("said")
    # Every span of an attribution carries its attributes, as the attribution stage writes them.
    a1 = {"id": "a1", "kind": "interview_answer", "stance": "neutral", "resolved": "Lee Park"}
    a2 = {"id": "a2", "kind": "direct", "stance": "neutral", "resolved": "Lee Park"}
    doc.set_layer(
        "attributions",
        [
            Span(0, 8, "source", None, a1),
            Span(8, 9, "cue", None, a1),
            Span(answer, len(text), "content", None, a1),
            Span(said - 2, said - 1, "source", None, a2),
            Span(said, said + 4, "cue", None, a2),
            Span(quote, quote + len('"The dam broke,"'), "content", None, a2),
        ],
    )
    [lee] = voices(doc)
    [summary] = summary_voices(doc)
    assert (lee.name, lee.count, lee.words) == ("Lee Park", 2, word_count(text[answer:]))
    assert (summary["source"], summary["attributions"], summary["words"]) == (lee.name, lee.count, lee.words)

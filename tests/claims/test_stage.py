"""The claims stage on hand-built documents (no spaCy, no attribution stage)."""

from __future__ import annotations

from typing import Any

from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.claims import claims_stage

# A made-up report: a third party's reported claim, a denial, an interview answer and small talk.
ARTICLE = (
    "The ministry revealed that 1,200 workers had been laid off at the Dunmore plant since March. "
    "The company denies the figure. "
    "Hello and welcome to our readers.\n\n"
    "Reporter: Did the plant receive 40 million dollars in subsidies last year?\n\n"
    "Ana Ruiz: The owners took 40 million dollars in public subsidies in 2023 and closed two factories anyway."
)


def find(text: str, part: str) -> tuple[int, int]:
    start = ARTICLE.index(part)
    return start, start + len(part)


def sentence_spans() -> list[Span]:
    parts = [
        "The ministry revealed that 1,200 workers had been laid off at the Dunmore plant since March.",
        "The company denies the figure.",
        "Hello and welcome to our readers.",
        "Reporter: Did the plant receive 40 million dollars in subsidies last year?",
        "Ana Ruiz: The owners took 40 million dollars in public subsidies in 2023 and closed two factories anyway.",
    ]
    return [Span(*find(ARTICLE, p), "sentence") for p in parts]


def attribution(role: str, part: str, ident: str, kind: str, stance: str, resolved: str | None) -> Span:
    attrs: dict[str, Any] = {"id": ident, "kind": kind, "stance": stance, "resolved": resolved, "cluster": None}
    return Span(*find(ARTICLE, part), role, 0.9, attrs)


def turn(label: str, speaker: str, role: str, number: int) -> Span:
    start = ARTICLE.index(speaker + ":")
    end = ARTICLE.find("\n\n", start)
    attrs = {
        "speaker": speaker,
        "role": role,
        "speaker_start": start,
        "speaker_end": start + len(speaker),
        "turn": number,
    }
    return Span(start, end if end != -1 else len(ARTICLE), label, None, attrs)


def build(with_attributions: bool = True) -> Document:
    doc = Document(ARTICLE)
    doc.metadata["outlet"] = "The Daily Example"
    doc.set_layer("sentences", sentence_spans())
    doc.set_layer(
        "turns", [turn("question", "Reporter", "interviewer", 0), turn("answer", "Ana Ruiz", "interviewee", 1)]
    )
    if with_attributions:
        doc.set_layer(
            "attributions",
            [
                attribution("source", "The ministry", "a1", "indirect", "endorsing", "Ministry of Labour"),
                attribution("cue", "revealed", "a1", "indirect", "endorsing", "Ministry of Labour"),
                attribution(
                    "content",
                    "that 1,200 workers had been laid off",
                    "a1",
                    "indirect",
                    "endorsing",
                    "Ministry of Labour",
                ),
                attribution("source", "The company", "a2", "indirect", "denial", None),
                attribution("cue", "denies", "a2", "indirect", "denial", None),
                attribution("content", "the figure", "a2", "indirect", "denial", None),
            ],
        )
    return doc


def claims_by_start(doc: Document) -> dict[str, Span]:
    return {doc.span_text(c)[:12]: c for c in doc.layer("claims")}


def test_claims_are_ranked_linked_and_given_a_stance() -> None:
    doc = claims_stage(build(), Config(claim_threshold=0.0, claim_top_k=0))
    claims = claims_by_start(doc)
    assert "Hello and we" not in claims or claims["Hello and we"].score < claims["The ministry"].score
    ministry = claims["The ministry"]
    assert ministry.attrs == {"stance": "reported", "attribution": "a1", "source": "Ministry of Labour",
                              "rank": ministry.attrs["rank"]}  # fmt: skip
    denial = claims["The company "]
    assert denial.attrs["stance"] == "denied" and denial.attrs["source"] == "The company"
    question = claims["Did the plan"]  # the speaker label is not part of the claim
    assert question.attrs["stance"] == "questioned" and question.attrs["source"] == "Reporter"
    answer = claims["The owners t"]
    assert answer.attrs == {"stance": "asserted", "attribution": None, "source": "Ana Ruiz",
                            "rank": answer.attrs["rank"]}  # fmt: skip
    ranks = sorted(c.attrs["rank"] for c in doc.layer("claims"))
    assert ranks == list(range(1, len(ranks) + 1))
    by_rank = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])
    assert [c.score for c in by_rank] == sorted((c.score for c in by_rank), reverse=True)


def test_threshold_and_top_k() -> None:
    none_pass = claims_stage(build(), Config(claim_threshold=1.0, claim_top_k=2))
    assert [c.attrs["rank"] for c in sorted(none_pass.layer("claims"), key=lambda c: c.attrs["rank"])] == [1, 2]
    top = min(none_pass.layer("claims"), key=lambda c: c.attrs["rank"])
    assert none_pass.span_text(top).startswith(("The owners", "The ministry"))  # figures rank first
    assert claims_stage(build(), Config(claim_threshold=1.0, claim_top_k=0)).layer("claims") == []


def test_without_attribution_layer_claims_fall_back_to_speaker_or_outlet() -> None:
    doc = claims_stage(build(with_attributions=False), Config(claim_threshold=0.0, claim_top_k=0))
    claims = claims_by_start(doc)
    assert claims["The ministry"].attrs["source"] == "The Daily Example"
    assert claims["The ministry"].attrs["stance"] == "asserted"
    assert claims["The company "].attrs["stance"] == "denied"  # the clause itself denies
    assert claims["The owners t"].attrs["source"] == "Ana Ruiz"
    assert "voices" not in doc.summary


def test_voices_summary() -> None:
    doc = claims_stage(build(), Config(claim_threshold=0.0, claim_top_k=0))
    voices = {v["source"]: v for v in doc.summary["voices"]}
    ministry = voices["Ministry of Labour"]
    assert ministry["attributions"] == 1 and ministry["words"] == 7  # "that 1,200 workers had been laid off"
    assert ministry["stances"] == {"endorsing": 1} and ministry["kinds"] == {"indirect": 1}
    assert ministry["claims"] == 1
    assert voices["The company"]["stances"] == {"denial": 1}
    assert doc.summary["voices"][0]["source"] == "Ministry of Labour"  # most words first


def test_empty_document() -> None:
    doc = Document("")
    doc.set_layer("sentences", [])
    assert claims_stage(doc, Config()).layer("claims") == []

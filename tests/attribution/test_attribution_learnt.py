"""Cues from the learnt list (PolNeAR train counts) on hand-written sentences."""

from __future__ import annotations

from conftest import Analyze, find, roles

from unspin.attribution.patterns import cue_table


def test_the_learnt_list_loads_with_its_patterns() -> None:
    table = cue_table()
    assert "ccomp" in table[("say", "VERB")]
    assert all(pos in {"VERB", "NOUN", "ADJ"} for _, pos in table)


def test_predicate_adjective_with_a_clause(analyze: Analyze) -> None:
    row = find(analyze("The governor was confident that the bridge would reopen in May."), "was confident")
    assert row["source"] == ["The governor"]
    assert row["content"] == ["that the bridge would reopen in May"]


def test_predicate_adjective_with_a_preposition(analyze: Analyze) -> None:
    row = find(analyze("The mayor is critical of the new parking rules."), "is critical of")
    assert row["source"] == ["The mayor"]
    assert row["content"] == ["the new parking rules"]


def test_expletive_subject_names_nobody(analyze: Analyze) -> None:
    assert all(row["source"] != ["It"] for row in roles(analyze("It is clear that the budget will not pass.")))


def test_object_and_its_charge_are_the_content(analyze: Analyze) -> None:
    row = find(analyze("The senator accused the mayor of hiding the budget report."), "accused")
    assert row["source"] == ["The senator"]
    assert row["content"] == ["the mayor of hiding the budget report"]


def test_noun_cue_with_its_owner(analyze: Analyze) -> None:
    row = find(analyze("The union's criticism of the new contract grew louder."), "criticism of")
    assert row["source"] == ["The union's"]
    assert row["content"] == ["the new contract"]


def test_light_verb_that_is_a_cue_itself_gives_one_attribution(analyze: Analyze) -> None:
    rows = roles(analyze("The senator voiced concern about the new tariffs."))
    assert [row["cue"] for row in rows] == [["voiced"]]
    assert rows[0]["content"] == ["concern about the new tariffs"]


def test_hoping_is_a_cue_although_spacy_lemmatises_it_hop(analyze: Analyze) -> None:
    row = find(analyze("Local farmers were hoping to sell more apples this year."), "were hoping")
    assert row["content"] == ["to sell more apples this year"]


def test_a_chain_verb_joins_the_cue_it_governs(analyze: Analyze) -> None:
    row = find(analyze("The mayor continued to deny that the bridge was unsafe."), "continued to deny")
    assert row["source"] == ["The mayor"]
    assert row["content"] == ["that the bridge was unsafe"]


def test_the_subject_of_a_raising_verb_is_content_not_source(analyze: Analyze) -> None:
    row = find(analyze("The coach seemed to suggest that the team would move."), "seemed")
    assert row["source"] == []
    assert row["content"] == ["The coach", "to suggest that the team would move"]


def test_the_subject_of_a_passive_cue_is_content_and_the_agent_speaks(analyze: Analyze) -> None:
    row = find(analyze("The plan was criticized by the mayor."), "was criticized")
    assert row["source"] == ["the mayor"]
    assert row["content"] == ["The plan"]
    row = find(analyze("The senator was accused of hiding the budget report."), "was accused of")
    assert row["source"] == []
    assert row["content"] == ["The senator", "hiding the budget report"]


def test_as_the_paper_reported(analyze: Analyze) -> None:
    row = find(analyze("As the newspaper reported, the factory will close in June."), "reported")
    assert row["source"] == ["the newspaper"]
    assert row["content"] == ["the factory will close in June"]


def test_the_cues_own_infinitive_marker_belongs_to_it(analyze: Analyze) -> None:
    doc = analyze("The mayor flew to Boston to discuss the budget with the governor.")
    row = find(doc, "to discuss")
    assert row["source"] == ["The mayor"]
    assert row["content"] == ["the budget"]
    # ... but the "to" of a content stays in the content.
    assert find(analyze("The mayor vowed to deny the request."), "vowed")["content"] == ["to deny the request"]


def test_a_second_cue_coordinated_into_the_content_is_its_own_attribution(analyze: Analyze) -> None:
    doc = analyze("The senator said the attacks had helped his campaign and said that the party needed new ideas.")
    assert [(row["source"], row["content"]) for row in roles(doc)] == [
        (["The senator"], ["the attacks had helped his campaign"]),
        (["The senator"], ["that the party needed new ideas"]),
    ]


def test_a_contrasting_report_is_not_part_of_the_first_content(analyze: Analyze) -> None:
    doc = analyze(
        "Some voters said the debate had changed their minds, while other voters said they had not heard anything new."
    )
    assert [(row["source"], row["content"]) for row in roles(doc)] == [
        (["Some voters"], ["the debate had changed their minds"]),
        (["other voters"], ["they had not heard anything new"]),
    ]

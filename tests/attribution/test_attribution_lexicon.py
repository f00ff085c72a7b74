"""The cue lexicon: stances by lemma."""

from __future__ import annotations

import pytest

from unspin.attribution.lexicon import CUE_VERBS, NOUN_CUES, STANCES, is_cue_verb, stance_of


@pytest.mark.parametrize(
    ("lemma", "stance"),
    [
        ("say", "neutral"),
        ("tell", "neutral"),
        ("state", "neutral"),
        ("add", "neutral"),
        ("note", "neutral"),
        ("reveal", "endorsing"),
        ("admit", "endorsing"),
        ("confirm", "endorsing"),
        ("show", "endorsing"),
        ("acknowledge", "endorsing"),
        ("find", "endorsing"),
        ("prove", "endorsing"),
        ("claim", "distancing"),
        ("allege", "distancing"),
        ("insist", "distancing"),
        ("purport", "distancing"),
        ("maintain", "distancing"),
        ("deny", "denial"),
        ("reject", "denial"),
        ("dismiss", "denial"),
        ("refute", "denial"),
    ],
)
def test_stance_of_each_listed_verb(lemma: str, stance: str) -> None:
    assert stance_of(lemma) == stance
    assert is_cue_verb(lemma)


def test_lookup_ignores_case_and_unknown_cues_are_neutral() -> None:
    assert stance_of("DENY") == "denial"
    assert stance_of("according to") == "neutral"
    assert not is_cue_verb("eat")


def test_nouns_carry_stances_too() -> None:
    assert stance_of("claim") == "distancing"  # the verb wins, and agrees with the noun
    assert NOUN_CUES["allegation"] == "distancing"
    assert NOUN_CUES["denial"] == "denial"
    assert NOUN_CUES["admission"] == "endorsing"


def test_every_stance_is_a_contract_value() -> None:
    assert set(CUE_VERBS.values()) <= set(STANCES)
    assert set(NOUN_CUES.values()) <= set(STANCES)

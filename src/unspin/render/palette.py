"""Display names, colours and fallback definitions of the 14 SemEval-2020 PTC techniques.

Labels are spelled exactly as in SemEval-2020 Task 11.  The definitions are
shown only when a technique span carries no ``definition`` attribute of its own.
Colours are light enough for black text on top (WCAG AA) and distinct from each
other; a label outside the 14 gets a neutral grey rather than an error, so a
newer model never breaks a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class TechniqueStyle:
    label: str
    name: str
    colour: str
    definition: str


TECHNIQUES: tuple[TechniqueStyle, ...] = (
    TechniqueStyle(
        "Appeal_to_Authority",
        "Appeal to authority",
        "#a5d8ff",
        "Says a claim is true because an authority or expert says so, without other evidence.",
    ),
    TechniqueStyle(
        "Appeal_to_fear-prejudice",
        "Appeal to fear / prejudice",
        "#ffc078",
        "Builds support by playing on fear or on prejudice against a group or an alternative.",
    ),
    TechniqueStyle(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / Reductio ad Hitlerum",
        "#d0bfff",
        "Urges to join because 'everyone' does, or rejects an idea because a hated group holds it.",
    ),
    TechniqueStyle(
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "#ced4da",
        "Presents two options as the only possibilities when more exist.",
    ),
    TechniqueStyle(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "#eed9b4",
        "Gives a single cause or reason for an issue that has several.",
    ),
    TechniqueStyle(
        "Doubt",
        "Doubt",
        "#99e9f2",
        "Questions the credibility of someone or something without evidence.",
    ),
    TechniqueStyle(
        "Exaggeration,Minimisation",
        "Exaggeration / minimisation",
        "#ffec99",
        "Represents something as much larger, better or worse, or much smaller, than it is.",
    ),
    TechniqueStyle(
        "Flag-Waving",
        "Flag-waving",
        "#b2f2bb",
        "Plays on strong national or group feeling to justify or promote an action or idea.",
    ),
    TechniqueStyle(
        "Loaded_Language",
        "Loaded language",
        "#fcc2d7",
        "Uses words with strong emotional connotations to sway the reader.",
    ),
    TechniqueStyle(
        "Name_Calling,Labeling",
        "Name calling / labeling",
        "#ff8787",
        "Labels a person or group as something the audience fears, hates or admires.",
    ),
    TechniqueStyle(
        "Repetition",
        "Repetition",
        "#63e6be",
        "Repeats the same message over and over so that the audience accepts it.",
    ),
    TechniqueStyle(
        "Slogans",
        "Slogans",
        "#e599f7",
        "A brief, striking phrase that may include labeling and stereotyping.",
    ),
    TechniqueStyle(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "#c0eb75",
        "A short, generic phrase that discourages critical thought and debate.",
    ),
    TechniqueStyle(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism / straw man / red herring",
        "#91a7ff",
        "Discredits by charging hypocrisy, misrepresents a position, or diverts to an irrelevant topic.",
    ),
)

PTC_LABELS: tuple[str, ...] = tuple(t.label for t in TECHNIQUES)
_BY_LABEL = {t.label: t for t in TECHNIQUES}
_UNKNOWN_COLOUR = "#e9ecef"


def technique_style(label: str) -> TechniqueStyle:
    """Style of ``label``; an unknown label gets a neutral style named after itself."""
    known = _BY_LABEL.get(label)
    if known is not None:
        return known
    return TechniqueStyle(label, label.replace("_", " "), _UNKNOWN_COLOUR, "")


def technique_name(label: str, attrs: Mapping[str, object]) -> str:
    """The technique's readable name, with "?" when the model is unsure which technique it is."""
    name = technique_style(label).name
    return f"{name}?" if attrs.get("label_uncertain") is True else name


def technique_index(label: str) -> int:
    """Stable index of ``label`` (0..13 for PTC labels, 14 for anything else), used in CSS class names."""
    try:
        return PTC_LABELS.index(label)
    except ValueError:
        return len(PTC_LABELS)

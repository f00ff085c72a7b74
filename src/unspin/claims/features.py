"""Sparse features of one sentence for check-worthiness, shared by training and inference.

Both the trainer (scikit-learn, in the training environment) and the runtime
scorer (numpy only) call :func:`sentence_features`, so the two can never drift
apart.  Features are named strings with float values:

- ``w:`` word unigrams and ``b:`` bigrams of the sentence (numbers folded to ``<num>``),
  L2-normalised together so long sentences do not win by length alone;
- ``x:`` cheap signals fact-checkers look for: numbers, percentages, money, years,
  comparisons, past-tense events, named-entity-like capitalised words, and the
  opposite signals (questions, first-person opinions, very short lines);
- ``p:`` and ``n:`` the cheap signals of the previous and next sentence, because a
  claim is often set up or followed by its figures.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

_TOKEN = re.compile(r"\$|%|\?|[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
_DIGITS = frozenset("0123456789")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+|\b[A-Z]{2,}\b")
_YEAR = re.compile(r"\b(?:1[89]|20)[0-9]{2}\b")
_PERCENT = re.compile(r"[0-9]\s*%|\bper ?cent\b|\bpercent(?:age)?\b", re.IGNORECASE)

_MAGNITUDES = frozenset({"million", "millions", "billion", "billions", "trillion", "thousand", "thousands", "hundreds"})
_MONEY = frozenset({"$", "dollars", "dollar", "tax", "taxes", "budget", "deficit", "debt", "cost", "paid", "pay"})
_COMPARISON = frozenset(
    {
        "more",
        "less",
        "fewer",
        "than",
        "most",
        "least",
        "highest",
        "lowest",
        "largest",
        "biggest",
        "increase",
        "increased",
        "decrease",
        "decreased",
        "doubled",
        "tripled",
        "rose",
        "fell",
        "record",
        "only",
        "never",
        "ever",
        "every",
        "all",
    }
)
_PAST_EVENT = frozenset(
    {"was", "were", "had", "did", "voted", "passed", "signed", "killed", "lost", "created", "cut", "took", "said"}
)
_ACCUSATION = frozenset(
    {
        "financing",
        "funded",
        "funding",
        "supporting",
        "supported",
        "attacked",
        "killed",
        "hostage",
        "hostages",
        "captured",
        "bombed",
        "illegal",
        "corrupt",
        "fraud",
        "lied",
        "invaded",
        "occupied",
        "terrorist",
        "terrorists",
    }
)
_OPINION_OPENERS = (
    "i think",
    "i believe",
    "i feel",
    "i hope",
    "i want",
    "we need",
    "we must",
    "we will",
    "we're going",
)
_GREETINGS = frozenset(
    {"thank", "thanks", "applause", "laughter", "crosstalk", "welcome", "hello", "okay", "yes", "no"}
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word, number and symbol tokens; every number becomes ``<num>``."""
    return ["<num>" if tok[0] in _DIGITS else tok.lower().replace("’", "'") for tok in _TOKEN.findall(text)]


def cheap_features(text: str, tokens: Sequence[str] | None = None) -> dict[str, float]:
    """Hand-made signals of a checkable factual claim (and of its opposite)."""
    toks = tokenize(text) if tokens is None else tokens
    words = set(toks)
    n = len(toks)
    lower = text.lower().lstrip()
    feats: dict[str, float] = {}

    def flag(name: str, on: bool) -> None:
        if on:
            feats[name] = 1.0

    numbers = toks.count("<num>")
    flag("number", numbers > 0)
    flag("numbers2", numbers > 1)
    flag("percent", bool(_PERCENT.search(text)))
    flag("year", bool(_YEAR.search(text)))
    flag("magnitude", bool(words & _MAGNITUDES))
    flag("money", bool(words & _MONEY))
    flag("comparison", bool(words & _COMPARISON))
    flag("past_event", bool(words & _PAST_EVENT) or sum(t.endswith("ed") for t in toks) >= 2)
    flag("accusation", bool(words & _ACCUSATION))
    flag("we_have", "we have" in lower or "we've" in lower)
    # Capitalised words after the first one stand in for named entities (no tagger at this speed).
    start = len(text) - len(text.lstrip())
    entities = sum(1 for m in _CAPITALISED.finditer(text) if m.start() != start)
    flag("entity", entities > 0)
    flag("entities3", entities > 2)
    flag("question", text.rstrip().endswith("?"))
    flag("opinion", lower.startswith(_OPINION_OPENERS))
    flag("greeting", n <= 6 and bool(words & _GREETINGS))
    for low, high in ((0, 5), (5, 10), (10, 20), (20, 40), (40, 10_000)):
        flag(f"len{low}", low <= n < high)
    return feats


def _ngram_features(tokens: Sequence[str]) -> dict[str, float]:
    feats: dict[str, float] = {}
    for tok in tokens:
        feats["w:" + tok] = 1.0
    padded = ["<s>", *tokens, "</s>"]
    for left, right in itertools.pairwise(padded):
        feats[f"b:{left} {right}"] = 1.0
    if feats:
        norm = 1.0 / math.sqrt(len(feats))
        feats = {k: norm for k in feats}
    return feats


def _assemble(
    text: str, cheap: dict[str, float], before: dict[str, float] | None, after: dict[str, float] | None
) -> dict[str, float]:
    feats = _ngram_features(tokenize(text))
    feats.update({"x:" + k: v for k, v in cheap.items()})
    if before is not None:
        feats.update({"p:" + k: v for k, v in before.items()})
    else:
        feats["x:first_in_document"] = 1.0
    if after is not None:
        feats.update({"n:" + k: v for k, v in after.items()})
    return feats


def sentence_features(text: str, previous: str = "", following: str = "") -> dict[str, float]:
    """All features of ``text`` given its neighbours (empty string at a boundary)."""
    before = cheap_features(previous) if previous else None
    after = cheap_features(following) if following else None
    return _assemble(text, cheap_features(text), before, after)


def document_features(sentences: Sequence[str]) -> list[dict[str, float]]:
    """Features of every sentence of one document, each with its neighbours (signals computed once each)."""
    cheap = [cheap_features(text) for text in sentences]
    out = []
    for i, text in enumerate(sentences):
        before = cheap[i - 1] if i > 0 and sentences[i - 1] else None
        after = cheap[i + 1] if i + 1 < len(sentences) and sentences[i + 1] else None
        out.append(_assemble(text, cheap[i], before, after))
    return out


#: A speaker with this share of questions among their lines is asking, not claiming (a moderator, an interviewer).
_ASKER_SHARE = 0.25


def speaker_features(speakers: Sequence[str], sentences: Sequence[str]) -> list[dict[str, float]]:
    """``s:`` signals of who speaks each sentence: the first and last sentence of a turn, a speaker who mostly asks.

    ``speakers`` names the speaker of each sentence ("" where nobody is named); a debate
    line's speaker column, an interview turn's speaker label.
    """
    asked: dict[str, list[bool]] = {}
    for speaker, text in zip(speakers, sentences, strict=True):
        asked.setdefault(speaker, []).append(text.rstrip().endswith("?"))
    askers = {s for s, flags in asked.items() if s and sum(flags) >= _ASKER_SHARE * len(flags)}
    out = []
    for i, speaker in enumerate(speakers):
        feats: dict[str, float] = {}
        if speaker and (i == 0 or speakers[i - 1] != speaker):
            feats["s:turn_first"] = 1.0
        if speaker and (i + 1 == len(speakers) or speakers[i + 1] != speaker):
            feats["s:turn_last"] = 1.0
        if speaker in askers:
            feats["s:asker"] = 1.0
        out.append(feats)
    return out

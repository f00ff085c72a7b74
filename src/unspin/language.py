"""Which language an article is in, and whether the English-only layers may run on it.

The attribution, claims and techniques models (and their cue lexicons) were trained on
English news only: on a German page they would report English-model guesses as findings.
So the ``clean`` stage sets ``metadata["language"]`` for every document, and the pipeline
skips the :data:`ENGLISH_ONLY_STAGES` when the text is confidently in another language,
saying so in ``metadata["out_of_scope"]`` (the CLI warns, the reports show it).

Two steps, on the first :data:`SAMPLE_CHARS` of the clean text.  First a measured rule:
English news is dense with English function words ("the", "of", "said", ...): at least
0.139 of the words in every one of the 530 English PTC (train and dev) and PolNeAR dev texts,
at most 0.083 in the paragraphs the team wrote in nine other languages (whole or cut to 12
words); a share of :data:`ENGLISH_SHARE` or more is English at once.  Any other text goes
to py3langid (the langid.py naive-Bayes n-gram model, 97 languages, offline), loaded only
then: it holds about 100 MB, which a batch worker on an English corpus never pays.  The
accuracy of both steps is in docs/benchmarks.md (``benchmarks/bench_language.py``).  Text
too short to tell, or a guess below :data:`MIN_PROBABILITY`, falls back to the page's
declared language (HTML ``lang``), else ``"und"`` (BCP 47: undetermined), and the English
layers run.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from unspin.document import Document

#: The stages whose models and lexicons know English only.
ENGLISH_ONLY_STAGES = frozenset({"attribution", "claims", "techniques"})
#: Languages the English-only stages run on ("und": too short or unclear to tell, given the benefit of the doubt).
IN_SCOPE = frozenset({"en", "und"})
#: Characters of the text the detector reads: enough for a confident guess, cheap on long articles.
SAMPLE_CHARS = 3000
#: Fewer words than this and no guess is made from the text (a headline alone misleads the model).
MIN_WORDS = 8
#: A guess below this normalised probability is no guess.
MIN_PROBABILITY = 0.9
UNDETERMINED = "und"
#: Share of English function words from which a text is English without the n-gram model.
ENGLISH_SHARE = 0.12
#: Common English function words that are not common words of the other languages measured
#: ("a", "in", "to", "on", "is", "was", "do", "no", "i", "he", "me", "an", "die" are left out:
#: Spanish, Portuguese, Italian, German, Dutch, French and Polish text is full of them).
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        *("the", "of", "and", "that", "for", "it", "with", "said", "by", "at", "from", "be", "have", "has"),
        *("are", "his", "not", "this", "but", "were", "they", "who", "which", "would", "been", "their"),
        *("had", "or", "its", "after", "we", "more", "you", "she", "about", "there", "than", "one", "can"),
        *("all", "what", "when", "out", "into", "new", "our", "them", "could", "if", "just", "him", "your"),
        *("other", "two", "some", "these", "those", "any", "such", "then", "only", "very", "because"),
        *("while", "how", "where", "before", "since", "many", "much", "should", "did", "may"),
    ]
)

_WORD = re.compile(r"[^\W\d_]{2,}")
_ANY_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Detection:
    """A language code (ISO 639-1, or ``und``) and the n-gram model's probability (None when it did not run)."""

    language: str
    probability: float | None


@functools.cache
def _identifier() -> Any:
    """The langid model, loaded once per process, when first needed (about 1.5 s and 100 MB)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Detection:
    """The language of ``text``, or ``und`` when it is too short or the guess is unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return Detection(UNDETERMINED, None)
    if english_share(sample) >= ENGLISH_SHARE:
        return Detection("en", None)  # decided by the function-word rule: the model is not needed
    code, probability = _identifier().classify(sample)
    probability = float(probability)
    if probability < MIN_PROBABILITY:
        return Detection(UNDETERMINED, probability)
    return Detection(str(code), probability)


def english_share(text: str) -> float:
    """Share of the words of ``text`` that are English function words."""
    words = [w.casefold() for w in _ANY_WORD.findall(text)]
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def _declared(value: Any) -> str | None:
    """``"de-DE"`` -> ``"de"``: the primary subtag of a language a page declares."""
    if not isinstance(value, str) or not value.strip():
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def set_language(doc: Document) -> Document:
    """Fill ``metadata["language"]`` (always) and ``metadata["out_of_scope"]`` (when not English)."""
    found = detect_language(doc.text)
    declared = _declared(doc.metadata.get("language"))
    language = found.language if found.language != UNDETERMINED else (declared or UNDETERMINED)
    doc.metadata["language"] = language
    if language not in IN_SCOPE:
        stages = ", ".join(sorted(ENGLISH_ONLY_STAGES))
        doc.metadata["out_of_scope"] = (
            f"the text is in language {language!r}, not English: the English-only layers ({stages}) were not run"
        )
    else:
        doc.metadata.pop("out_of_scope", None)
    return doc


def in_scope(doc: Document) -> bool:
    """False when the English-only stages must not run on ``doc`` (see :func:`set_language`)."""
    return "out_of_scope" not in doc.metadata

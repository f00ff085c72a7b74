"""Which language an article is in, and whether the English-only layers may run on it.

The attribution, claims and techniques models (and their cue lexicons) were trained on
English news only: on a German page they would report English-model guesses as findings.
So the ``clean`` stage sets ``metadata["language"]`` for every document, and the pipeline
skips the :data:`ENGLISH_ONLY_STAGES` when the text is confidently in another language,
saying so in ``metadata["out_of_scope"]`` (the CLI warns, the reports show it).

Detection is py3langid (the langid.py naive-Bayes n-gram model, 97 languages, shipped in
the package, offline), run on the first :data:`SAMPLE_CHARS` of the clean text.  Its
accuracy on texts the team wrote in ten languages and on the English PTC and PolNeAR dev
articles is in docs/benchmarks.md (``benchmarks/bench_language.py``).  Text too short to
tell, or a guess below :data:`MIN_PROBABILITY`, falls back to the page's declared language
(HTML ``lang``), else ``"und"`` (BCP 47: undetermined), and the English layers run.
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

_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Detection:
    """A language code (ISO 639-1, or ``und``) and the detector's probability (None when not run)."""

    language: str
    probability: float | None


@functools.cache
def _identifier() -> Any:
    """The langid model, loaded once per process (about 1.5 s: it is stored xz-compressed)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Detection:
    """The language of ``text``, or ``und`` when it is too short or the guess is unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return Detection(UNDETERMINED, None)
    code, probability = _identifier().classify(sample)
    probability = float(probability)
    if probability < MIN_PROBABILITY:
        return Detection(UNDETERMINED, probability)
    return Detection(str(code), probability)


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

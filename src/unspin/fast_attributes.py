"""A drop-in, faster stand-in for spaCy's ``attribute_ruler`` + rule ``lemmatizer``.

Both components spend most of their time in per-token Python (the ruler runs a
Matcher over ~180 one-token patterns; the lemmatizer rebuilds a cache key per
token), about a sixth of the English pipeline's time on news articles.  What they
assign to a token depends only on its text, tag and dependency label (plus, for a
handful of two-token patterns such as "there is" or "gonna", its neighbour), so
this component memoises the result per ``(orth, tag, dep)`` and replays it.

It reuses the ruler's own patterns and attribute dictionaries and the lemmatizer's
own ``lemmatize``, applies matches in the ruler's order (later patterns win), and is
only installed when every pattern uses features it understands (otherwise the
original components stay).  ``benchmarks/bench_segment.py --check`` compares its
output with the original pipeline token by token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

COMPONENT = "unspin_fast_attributes"
#: The memo is dropped when it grows past this many ``(orth, tag, dep)`` keys (memory stays bounded in corpus
#: runs): an ad-hoc count gave about 48,000 keys for 300 PTC articles, each a few hundred bytes; the
#: 1,500-record tree of benchmarks/bench_batch.py fell by about 10 MiB when the cap went from 200,000 to this.
MEMO_LIMIT = 50_000
_SUPPORTED = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})

Values = dict[str, Any]


def _value_matches(want: Any, have: Any) -> bool:
    if not isinstance(want, dict):
        return bool(want == have)
    for op, arg in want.items():
        if op == "IN" and have not in arg:
            return False
        if op == "NOT_IN" and have in arg:
            return False
        if op == "REGEX" and re.search(arg, have) is None:
            return False
    return True


def token_matches(spec: dict[str, Any], values: Values) -> bool:
    """Does one Matcher token spec (TAG/LOWER/DEP/IS_SPACE with ==, IN, NOT_IN, REGEX) match?"""
    return all(_value_matches(want, values[attr]) for attr, want in spec.items())


def _supported(spec: dict[str, Any]) -> bool:
    for attr, want in spec.items():
        if attr not in _SUPPORTED:
            return False
        if isinstance(want, dict) and not set(want) <= _OPERATORS:
            return False
    return True


def _values(token: Token) -> Values:
    return {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}


class FastAttributes:
    """Replays the attribute ruler and the lemmatizer from a per-``(orth, tag, dep)`` memo."""

    def __init__(self, ruler: Any, lemmatize: Callable[[Token], list[str]], set_attrs: Callable[..., None]) -> None:
        self.attrs: list[dict[int, Any]] = ruler.attrs
        self.lemmatize = lemmatize
        self.set_attrs = set_attrs
        # (pattern id, token specs, index of the token that receives the attributes)
        self.single: list[tuple[int, dict[str, Any]]] = []
        self.multi: list[tuple[int, list[dict[str, Any]], int]] = []
        for pid, index in enumerate(ruler.indices):
            for specs in ruler.matcher.get(ruler.vocab.strings[str(pid)])[1]:
                if len(specs) == 1:
                    self.single.append((pid, specs[0]))
                else:
                    self.multi.append((pid, specs, index))
        self.memo: dict[tuple[int, int, int], tuple[tuple[int, ...], tuple[int, ...], str | None]] = {}
        # Most specs test TAG and/or LOWER for equality: index them so a new token checks a few.
        self.by_tag_lower: dict[tuple[str, str], list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.by_lower: dict[str, list[int]] = {}
        self.other: list[int] = []
        firsts = [spec for _, spec in self.single] + [specs[0] for _, specs, _ in self.multi]
        for n, spec in enumerate(firsts):
            tag, lower = spec.get("TAG"), spec.get("LOWER")
            if isinstance(tag, str) and isinstance(lower, str):
                self.by_tag_lower.setdefault((tag, lower), []).append(n)
            elif isinstance(tag, str):
                self.by_tag.setdefault(tag, []).append(n)
            elif isinstance(lower, str):
                self.by_lower.setdefault(lower, []).append(n)
            else:
                self.other.append(n)
        self.firsts = firsts

    @staticmethod
    def can_replace(ruler: Any) -> bool:
        for pid in range(len(ruler.attrs)):
            for specs in ruler.matcher.get(ruler.vocab.strings[str(pid)])[1]:
                if not all(_supported(spec) for spec in specs):
                    return False
        return True

    def _entry(self, token: Token) -> tuple[tuple[int, ...], tuple[int, ...], str | None]:
        """Single-pattern ids matching, multi patterns whose first token matches, lemma (None: decide later)."""
        key = (token.orth, token.tag, token.dep)
        entry = self.memo.get(key)
        if entry is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            values = _values(token)
            tag, lower = values["TAG"], values["LOWER"]
            candidates = [
                *self.by_tag_lower.get((tag, lower), ()),
                *self.by_tag.get(tag, ()),
                *self.by_lower.get(lower, ()),
                *self.other,
            ]
            hits = sorted(n for n in candidates if token_matches(self.firsts[n], values))
            n_single = len(self.single)
            singles = tuple(sorted(self.single[n][0] for n in hits if n < n_single))
            firsts = tuple(n - n_single for n in hits if n >= n_single)
            entry = (singles, firsts, None)
            self.memo[key] = entry
        return entry

    def _multi_targets(
        self, doc: Doc, entries: Sequence[tuple[tuple[int, ...], tuple[int, ...], str | None]]
    ) -> dict[int, list[int]]:
        """Token index -> ids of multi-token patterns that assign to it (matched on original values)."""
        targets: dict[int, list[int]] = {}
        for i, (_, firsts, _) in enumerate(entries):
            for m in firsts:
                pid, specs, index = self.multi[m]
                if i + len(specs) > len(doc):
                    continue
                if all(token_matches(spec, _values(doc[i + j])) for j, spec in enumerate(specs[1:], start=1)):
                    targets.setdefault(i + index if index >= 0 else i + len(specs) + index, []).append(pid)
        return targets

    def __call__(self, doc: Doc) -> Doc:
        entries = [self._entry(token) for token in doc]
        targets = self._multi_targets(doc, entries) if self.multi else {}
        keys = [(t.orth, t.tag, t.dep) for t in doc]
        for i, token in enumerate(doc):
            singles, _, lemma = entries[i]
            extra = targets.get(i)
            for pid in sorted((*singles, *extra)) if extra else singles:
                self.set_attrs(token, self.attrs[pid])
            if token.lemma != 0:
                continue  # the ruler set it ("'d" -> "would"), as the lemmatizer would leave it
            if lemma is None or extra:
                lemma = self.lemmatize(token)[0]
                if not extra:
                    self.memo[keys[i]] = (singles, entries[i][1], lemma)
            token.lemma_ = lemma
        return doc


def _make(nlp: Language, name: str) -> FastAttributes:
    from spacy.tokens._retokenize import set_token_attrs

    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    return FastAttributes(nlp.get_pipe("attribute_ruler"), lemmatizer.lemmatize, set_token_attrs)


def install(nlp: Language) -> bool:
    """Swap ``attribute_ruler`` + ``lemmatizer`` for :class:`FastAttributes` when it can; True if swapped."""
    from spacy.language import Language as SpacyLanguage

    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    if not FastAttributes.can_replace(nlp.get_pipe("attribute_ruler")):
        return False
    if not SpacyLanguage.has_factory(COMPONENT):
        SpacyLanguage.factory(COMPONENT, func=_make)
    nlp.add_pipe(COMPONENT, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True

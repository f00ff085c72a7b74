"""Spans the way PolNeAR marks them: the source phrase, the cue with its auxiliaries, trimmed content.

Helpers shared by the attribution rules (:mod:`unspin.attribution.rules`,
:mod:`unspin.attribution.learnt`) and the engine: character offsets of a token's
subtree, of a speaker's phrase, of a cue verb with what belongs to it, and the
speaker of a cue verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from unspin.attribution.lexicon import CUE_VERBS
from unspin.attribution.model import Found, Offsets

_ABBREVIATIONS = frozenset({"Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ltd.", "St.", "Mr.", "Mrs.", "Ms.", "Dr."})
_TEXT_KEY = "unspin.attribution.text"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NP_DROP = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
#: Children right of the verb that belong to the cue (PolNeAR mostly leaves "in a statement" out).
_RIGHT_DEPS = frozenset({"prt", "advmod"})
_TRIM_END = ",.;:—–-([ \n\t"
_TRIM_START = ",.;:—–-)] \n\t"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token again on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def token_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def trim(text: str, start: int, end: int) -> Offsets:
    """Strip spaces and clause punctuation at both ends (PolNeAR content ends on a word or a quote mark)."""
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END and not _abbreviation_dot(text, start, end):
        end -= 1
    return start, end


def _abbreviation_dot(text: str, start: int, end: int) -> bool:
    """The final dot of "U.S." or "Mr." belongs to the word, not to the sentence."""
    if text[end - 1] != ".":
        return False
    word = text[start:end].rsplit(None, 1)[-1]
    return word.count(".") >= 2 or word in _ABBREVIATIONS


def subtree_offsets(tok: Token, skip: Iterable[Token] = ()) -> list[Offsets]:
    """Character fragments of ``tok``'s subtree, cut around the subtrees of ``skip``."""
    text = doc_text(tok.doc)
    holes = sorted((s.left_edge.idx, token_end(s.right_edge)) for s in skip)
    start, end = tok.left_edge.idx, token_end(tok.right_edge)
    pieces: list[Offsets] = []
    for h_start, h_end in holes:
        if h_end <= start or h_start >= end:
            continue
        pieces.append((start, h_start))
        start = h_end
    pieces.append((start, end))
    trimmed = [trim(text, s, e) for s, e in pieces]
    return [(s, e) for s, e in trimmed if e - s > 1]


def noun_phrase(tok: Token) -> Offsets:
    """The noun phrase headed by ``tok`` without relative clauses, appositions or coordinated parts."""
    kept = [tok]
    for child in tok.children:
        if child.dep_ not in _NP_DROP:
            kept.extend(child.subtree)
    start = min(t.idx for t in kept)
    end = max(token_end(t) for t in kept)
    return trim(doc_text(tok.doc), start, end)


def source_phrase(tok: Token) -> Offsets:
    """The whole phrase of a speaker, as PolNeAR marks a source.

    Appositions, relative clauses, coordinated speakers and even the comma that
    closes an apposition belong to it ("Matthew Prince, chief executive of
    CloudFlare,"); only surrounding spaces and a leading comma are dropped.  A
    clause that reports speech itself ("who stated that ...") is left out: it is
    an attribution of its own.
    """
    text = doc_text(tok.doc)
    end_tok = tok.right_edge
    start_tok = _own_start(tok)
    for child in tok.rights:
        if child.dep_ in {"relcl", "acl"} and _reports_speech(child):
            end_tok = tok.doc[child.left_edge.i - 1] if child.left_edge.i > tok.i else tok
            break
    start, end = start_tok.idx, token_end(end_tok)
    cut = end_tok.i != tok.right_edge.i
    while end > start and (text[end - 1] in " \n\t" or (cut and text[end - 1] == ",")):
        end -= 1
    while start < end and text[start] in ",; \n\t":
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None:
        # "WASHINGTON (AP) — Donald Trump": the parser hung the wire dateline on the subject.
        start = min(dateline.end(), end)
    return start, end


def _own_start(tok: Token) -> Token:
    """Where the speaker's phrase starts: its left edge, unless a singular "a"/"an" noun the parser hung
    on a plural head belongs to the clause before ("— a decision ministers say will ...": "ministers")."""
    if tok.tag_ not in {"NNS", "NNPS"}:
        return tok.left_edge
    left = list(tok.lefts)
    for i, child in enumerate(left[:-1]):
        if child.dep_ == "det" and child.lower_ in {"a", "an"} and left[i + 1].tag_ == "NN":
            rest = left[i + 2 :]  # "a move gun control groups": "gun control groups"
            return rest[0].left_edge if rest else tok
    return tok.left_edge


#: A wire dateline opening a sentence: "WASHINGTON (AP) — ", "PHILADELPHIA, July 25 (UPI) — ".
_DATELINE = re.compile(r"[A-Za-z][\w .,'-]{1,40}\((?:AP|UPI|Reuters|AFP)\)\s*[—–-]+\s*")


def _reports_speech(verb: Token) -> bool:
    return verb.lemma_.lower() in CUE_VERBS and any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children)


def cue_offsets(verb: Token, keep_out: Iterable[Token] = ()) -> Offsets:
    """The cue verb with what modifies it right beside it, PolNeAR-style.

    Left: auxiliaries, negation and adverbs ("has also said", "did not deny").
    Right: particles, adverbs and a colon ("pointed out", "said:"), stopping at the
    object, the content or the source; PolNeAR's annotators mostly leave time and
    place phrases ("said in a statement Saturday") out of the cue.
    """
    doc = verb.doc
    start = verb.i
    while start > 0 and _is_cue_left(doc[start - 1], verb):
        start -= 1
    end = verb.i
    blocked = {t.i for t in keep_out}
    for child in verb.rights:
        if child.left_edge.i != end + 1 or child.i in blocked or not _is_cue_right(child):
            break
        end = child.right_edge.i if child.dep_ != "punct" else child.i
    return doc[start].idx, token_end(doc[end])


def _is_cue_left(tok: Token, verb: Token) -> bool:
    # The cue's own infinitival "to" is part of it ("plans *to discuss* the deal": 200 to 73 on PolNeAR
    # train); the "to" of a content ("vowing to execute") hangs on another verb and stays out.
    if tok.head != verb:
        return False
    return tok.dep_ in _AUX_DEPS or (tok.dep_ == "advmod" and tok.pos_ == "ADV")


def _is_cue_right(child: Token) -> bool:
    if child.dep_ in _RIGHT_DEPS:
        return True
    return child.dep_ == "punct" and child.text == ":"


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject, or the subject it shares with the verb it hangs on."""
    if asked_between_commas(verb):
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    asked = asked_subject(verb)
    if asked is not None:
        return asked
    if depth >= 2 or _passive_participle(verb):
        return None
    if _misattached_conjunct(verb):
        # "He said X and said Y", parsed with the second "said" inside X: it shares the first one's subject.
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return verb.head
    return None


_COMMITMENTS = frozenset({"promise", "pledge", "vow", "plan", "intend", "propose", "threaten"})


def _passive_participle(verb: Token) -> bool:
    """ "Asked whether ..., he said", "Harwood, asked about his future, said": the one the participle hangs
    on is the one asked, not the asker (PolNeAR train + dev: 29 of 36 such "asked" have no source)."""
    own = any(c.dep_ in {"aux", "auxpass", "agent"} for c in verb.children)
    # a noun that is the sentence's root has no verb but this one: "Aaron Kall, the director of debate,
    # compared Trump to ..." parsed with "compared" as a participle of "Kall" is its main verb
    main_verb = verb.dep_ == "acl" and verb.head.dep_ == "ROOT"
    # "He proposed it, as promised": he promised; "Patriot failed as predicted", "As reported yesterday,
    # the firm ..." and "a group known as Fancy Bear" are no one's
    after_as = verb.lemma_.lower() in _COMMITMENTS and any(c.lower_ == "as" and c.i < verb.i for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in {"advcl", "acl"} and not (own or main_verb or after_as)


def asked_subject(verb: Token) -> Token | None:
    """The subject the parser gave an "asked" set between commas inside ``verb``'s clause (see below)."""
    asked = next((c for c in verb.children if asked_between_commas(c)), None)
    return next((c for c in asked.children if c.dep_ in _SUBJECT_DEPS), None) if asked is not None else None


def asked_between_commas(verb: Token) -> bool:
    """ "Harwood, asked about his future, said ...", parsed as "Harwood asked", a clause of a "said" with no
    subject: Harwood is the one asked and the one who says."""
    head = verb.head
    return (
        verb.lemma_.lower() == "ask"
        and verb.dep_ in {"parataxis", "ccomp", "advcl"}
        and head.i > verb.i
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and not any(c.dep_ in _SUBJECT_DEPS for c in head.children)
    )


#: Cues of what someone thinks or wants rather than says: coordinated into a reported clause, they
#: share that clause's subject ("voters ... expected it to deliver"), not the reporting verb's.
_ATTITUDES = frozenset(
    {"expect", "want", "hope", "believe", "think", "fear", "feel", "know", "wish", "need", "prefer", "intend",
     "doubt", "understand", "assume", "worry", "like", "love", "hate", "plan"}
)  # fmt: skip


def _misattached_conjunct(verb: Token) -> bool:
    """A cue verb coordinated into the content clause of a cue verb before it ("said X and said Y")."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.lemma_.lower() in CUE_VERBS
        and verb.lemma_.lower() not in _ATTITUDES  # "said voters had given it a majority and expected it to ..."
        and head.dep_ == "ccomp"
        and head.head.i < head.i
        and head.head.lemma_.lower() in CUE_VERBS
    )


def own_attributions(content: Token) -> list[Token]:
    """Clauses inside a content that report speech of their own: "..., while other voters said ...",
    "... and said ...".  They are attributions of their own, so the content stops before them
    (a coordinated one with its ``and``)."""
    doc = content.doc
    holes: list[Token] = []
    for tok in content.subtree:
        if tok.i == content.i or tok.dep_ not in {"conj", "advcl"} or tok.lemma_.lower() not in CUE_VERBS:
            continue
        if not any(c.dep_ == "ccomp" for c in tok.children):
            continue
        if holes and holes[-1].left_edge.i <= tok.i <= holes[-1].right_edge.i:
            continue
        before = doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
        if tok.dep_ == "conj" and before is not None and before.dep_ == "cc":
            holes.append(before)
        holes.append(tok)
    return holes


def person_before(head: Token) -> Token:
    """What a "who" clause stands for when the parser hung it on the organisation after a person's name:
    in "Jon Ellis of Green Future, who called the decision ...", Jon Ellis (an organisation is "which")."""
    while (
        head.dep_ == "pobj"
        and head.head.dep_ == "prep"
        and head.head.lower_ in {"of", "at", "from", "for"}
        and head.head.head.pos_ == "PROPN"
        and head.ent_type_ in {"ORG", "GPE", "FAC", "NORP", ""}
        and head.head.head.ent_type_ == "PERSON"
    ):
        head = head.head.head
    return head


def source_of(verb: Token, found: Found) -> None:
    """Set the source of ``found`` (and its head word, for resolving it) from the cue verb's subject."""
    subject = subject_of(verb)
    if subject is None:
        return
    # An ``acl`` participle hangs on its speaker ("militants vowing to ..."): the noun alone is the source.
    found.source = noun_phrase(subject) if subject.i == verb.head.i else source_phrase(subject)
    found.extra["head"] = (subject.idx, token_end(subject))
    if verb.dep_ == "relcl" and subject.lower_ in {"who", "which", "that"}:
        # "The Russian President, who stated that ...": "who" stands for the noun the clause hangs on.
        head = person_before(verb.head) if subject.lower_ == "who" else verb.head
        found.extra["antecedent"] = noun_phrase(head)
        found.extra["head"] = (head.idx, token_end(head))

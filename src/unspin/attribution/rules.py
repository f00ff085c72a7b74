"""Reported speech from the dependency parse: cue verbs, ``according to``, nominal cues.

Every rule reads the spaCy ``Doc`` that the segment stage already parsed and
returns :class:`~unspin.attribution.model.Found` records with character offsets.
Span conventions follow PolNeAR, the corpus we measure against: the source is the
whole noun phrase (determiners and modifiers included, relative clauses and
appositions left out); the cue is the verb with its auxiliaries ("has said");
the content keeps its ``that`` or ``to`` and drops the final punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from unspin.attribution.lexicon import (
    CHAIN_VERBS,
    CLAUSE_ONLY,
    CUE_VERBS,
    DOBJ_CUES,
    LIGHT_VERBS,
    NAMING_CUES,
    NOUN_CUES,
    PREP_CUES,
    QUOTE_ONLY,
    XCOMP_CUES,
    stance_of,
)
from unspin.attribution.model import Found, Offsets
from unspin.attribution.patterns import learnt_content, learnt_patterns, predicate_end

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
    for child in tok.rights:
        if child.dep_ in {"relcl", "acl"} and _reports_speech(child):
            end_tok = tok.doc[child.left_edge.i - 1] if child.left_edge.i > tok.i else tok
            break
    start, end = tok.left_edge.idx, token_end(end_tok)
    cut = end_tok.i != tok.right_edge.i
    while end > start and (text[end - 1] in " \n\t" or (cut and text[end - 1] == ",")):
        end -= 1
    while start < end and text[start] in ",; \n\t":
        start += 1
    return start, end


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
    # An infinitival "to" is not part of the cue ("vowing to execute" -> "vowing").
    if tok.head != verb or tok.lower_ == "to":
        return False
    return tok.dep_ in _AUX_DEPS or (tok.dep_ == "advmod" and tok.pos_ == "ADV")


def _is_cue_right(child: Token) -> bool:
    if child.dep_ in _RIGHT_DEPS:
        return True
    return child.dep_ == "punct" and child.text == ":"


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject, or the subject it shares with the verb it hangs on."""
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if depth >= 2:
        return None
    if verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return verb.head
    return None


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
        found.extra["antecedent"] = noun_phrase(verb.head)
        found.extra["head"] = (verb.head.idx, token_end(verb.head))


#: Subjects that point at a thing or ask a question rather than name a speaker.
_NON_SPEAKERS = frozenset({"this", "that", "these", "those", "which", "what", "whatever"})


def _can_speak(subject: Token, verb: Token) -> bool:
    """False for subjects that cannot be a source: "this", "which side" (a relative
    pronoun heading the cue's own relative clause stands for its antecedent and can speak)."""
    if verb.dep_ == "relcl" and subject.lower_ in {"who", "which", "that"}:
        return True
    if subject.lower_ in _NON_SPEAKERS:
        return False
    return not any(child.dep_ == "det" and child.tag_ in {"WDT", "WP"} for child in subject.children)


def _chain_head(verb: Token) -> Token | None:
    """The verb that ``verb`` continues as a ``to``-infinitive, when PolNeAR joins the two in one cue."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i >= verb.i or head.lemma_.lower() not in CHAIN_VERBS:
        return None
    return head if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) else None


def _marked_as(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and verb.lemma_.lower() not in CLAUSE_ONLY


def _content_token(verb: Token) -> Token | None:
    """The token heading the content: the hand-written lexicon first, then the learnt cue list."""
    if verb.lemma_.lower() in CHAIN_VERBS:
        return None  # its content is the cue it governs ("tried to answer")
    if verb.lemma_.lower() in CUE_VERBS:
        content = _lexicon_content(verb)
        if content is not None:
            return content
    learnt = learnt_content(verb)
    return learnt[1] if learnt is not None and learnt[0] != "parataxis" else None


def _lexicon_content(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    by_dep: dict[str, Token] = {}
    for child in verb.children:
        by_dep.setdefault(child.dep_, child)
    if "ccomp" in by_dep:
        return by_dep["ccomp"]
    xcomp = by_dep.get("xcomp")
    if xcomp is not None and lemma in XCOMP_CUES and any(c.lower_ == "to" for c in xcomp.children):
        return xcomp
    if lemma in DOBJ_CUES and "dobj" in by_dep:
        return by_dep["dobj"]
    if lemma in NAMING_CUES and "dobj" in by_dep and _names_as(by_dep):
        return by_dep["dobj"]  # "called the statement outlandish": the object and what it is called
    prep = by_dep.get("prep")
    if prep is not None and PREP_CUES.get(lemma) == prep.lower_:
        return next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    return None


def verb_cues(doc: Doc) -> Iterator[Found]:
    """``X said (that) ...``, ``..., X said``, ``X denies Y``, ``X vowed to ...``."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in {"VERB", "AUX"} or lemma in QUOTE_ONLY:
            continue
        in_lexicon = lemma in CUE_VERBS
        if not in_lexicon and not learnt_patterns(tok):
            continue
        content_tok = _content_token(tok)
        if content_tok is not None:
            content = subtree_offsets(content_tok, skip=_trailing_relatives(content_tok))
            if content_tok.dep_ == "dobj":
                content = _with_predicate(tok, content_tok, content)
            rule = f"verb-{content_tok.dep_}"
        elif tok.dep_ == "parataxis" and (
            (in_lexicon and lemma not in CLAUSE_ONLY) or "parataxis" in learnt_patterns(tok)
        ):
            # "The economy, he said, is weak": the clause around the cue is the content.
            content = subtree_offsets(tok.head, skip=[tok])
            rule = "verb-parataxis"
        elif in_lexicon and tok.dep_ == "advcl" and tok.head.i != tok.i and _marked_as(tok):
            # "As the Post reported, the plan was dropped": the clause the cue hangs on is the content.
            content = subtree_offsets(tok.head, skip=[tok])
            rule = "verb-as"
        else:
            continue
        if not content:
            continue
        subject = subject_of(tok)
        cue = cue_offsets(tok, [t for t in (content_tok, subject) if t is not None])
        if content_tok is not None and content_tok.dep_ in {"pobj", "pcomp"}:
            cue = (cue[0], max(cue[1], token_end(content_tok.head)))  # "called for", "referring to"
        chain = _chain_head(tok)
        if chain is not None:
            cue = (min(cue[0], cue_offsets(chain, [t for t in (subject,) if t is not None])[0]), cue[1])
        found = Found(
            cue=cue,
            content=content,
            stance=stance_of(lemma),
            confidence=0.8 if rule in {"verb-ccomp", "verb-parataxis", "verb-as"} else 0.6,
            rule=rule,
            cue_token=tok.i,
        )
        if subject is not None and not _can_speak(subject, tok):
            continue  # "That might explain why ...", "Which side are we to believe": no speaker
        source_of(tok, found)
        if found.source is None and rule in {"verb-dobj", "verb-pobj", "verb-pcomp"}:
            continue  # "after attacking a refugee camp": an object without a speaker is narration
        yield found


def according_to(doc: Doc) -> Iterator[Found]:
    """``..., according to X`` and ``According to X, ...``."""
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        governor = tok.head
        content = subtree_offsets(governor, skip=[tok]) if governor.i != tok.i else []
        content = [c for c in content if c[1] - c[0] > 3]
        if not content:
            continue
        found = Found(
            cue=(tok.idx, token_end(to)),
            content=content,
            source=source_phrase(pobj),
            kind="according_to",
            confidence=0.85,
            rule="according-to",
            cue_token=tok.i,
            extra={"head": (pobj.idx, token_end(pobj))},
        )
        yield found


def noun_cues(doc: Doc) -> Iterator[Found]:
    """``X's claim that ...``, ``X expressed his surprise that ...``."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or lemma not in NOUN_CUES:
            continue
        clause = next((c for c in tok.children if c.dep_ in {"acl", "ccomp"} and _has_that(c)), None)
        if clause is None:
            continue
        verb = tok.head
        found = Found(cue=(tok.idx, token_end(tok)), content=subtree_offsets(clause), stance=stance_of(lemma))
        found.confidence, found.rule, found.cue_token = 0.5, "noun-cue", tok.i
        if tok.dep_ == "dobj" and verb.lemma_.lower() in LIGHT_VERBS:
            found.cue = (verb.idx, token_end(tok))
            source_of(verb, found)
        else:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is None:
                continue
            found.source = source_phrase(owner)
            found.extra["head"] = (owner.idx, token_end(owner))
        yield found


def _trailing_relatives(head: Token) -> list[Token]:
    """Non-restrictive relative clauses closing a content (", which had been planned for months").

    PolNeAR's annotators leave them out of the content: they are the reporter's words.  (Cutting
    appositions, participles, conjuncts or "including ..." after a comma as well was measured on
    train and lowered content F1: annotators keep them about as often as they cut them.)
    """
    end = head.right_edge.i
    doc = head.doc
    return [
        t
        for t in head.subtree
        if t.dep_ == "relcl" and t.right_edge.i == end and t.left_edge.i > 0 and doc[t.left_edge.i - 1].text == ","
    ]


def _with_predicate(verb: Token, obj: Token, content: list[Offsets]) -> list[Offsets]:
    """ "described the US as the Great Satan": the predicate after the object belongs to the content."""
    end = predicate_end(verb, obj)
    for child in verb.rights:
        if child.i > obj.i and (child.dep_ in {"oprd", "xcomp"} or (child.dep_ == "prep" and child.lower_ == "as")):
            end = max(end or 0, token_end(child.right_edge))
    if end is None or not content:
        return content
    return [*content[:-1], trim(doc_text(verb.doc), content[-1][0], max(content[-1][1], end))]


def _names_as(by_dep: dict[str, Token]) -> bool:
    prep = by_dep.get("prep")
    return "oprd" in by_dep or "xcomp" in by_dep or (prep is not None and prep.lower_ == "as")


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def label_colons(doc: Doc, max_label_tokens: int = 5) -> Iterator[Found]:
    """Headline and transcript style "Name: words": the name is the source, the colon the cue."""
    text = doc_text(doc)
    for sent in doc.sents:
        colon = next((t for t in sent[: max_label_tokens + 1] if t.text == ":"), None)
        if colon is None or colon.i == sent.start:
            continue
        label = [t for t in doc[sent.start : colon.i] if not t.is_space]
        if not label or not all(t.pos_ in {"PROPN", "NOUN"} or t.is_punct for t in label):
            continue
        if not any(t.text[:1].isupper() for t in label):
            continue
        line_end = text.find("\n", colon.idx)
        content = trim(text, token_end(colon), len(text) if line_end < 0 else line_end)
        if len(text[content[0] : content[1]].split()) < 3:
            continue
        found = Found(
            cue=(colon.idx, token_end(colon)),
            content=[content],
            source=(label[0].idx, token_end(label[-1])),
            confidence=0.6,
            rule="label-colon",
        )
        found.extra["head"] = (label[-1].idx, token_end(label[-1]))
        yield found

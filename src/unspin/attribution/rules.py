"""Reported speech from the dependency parse: cue verbs, ``according to``, nominal cues.

Every rule reads the spaCy ``Doc`` that the segment stage already parsed and
returns :class:`~unspin.attribution.model.Found` records with character offsets.
Span conventions follow PolNeAR, the corpus we measure against: the source is the
whole noun phrase (determiners and modifiers included, relative clauses and
appositions left out); the cue is the verb with its auxiliaries ("has said");
the content keeps its ``that`` or ``to`` and drops the final punctuation.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from unspin.attribution.lexicon import (
    CHAIN_VERBS,
    CLAUSE_ONLY,
    CUE_VERBS,
    DOBJ_CUES,
    LIGHT_VERBS,
    NAMING_CUES,
    NOUN_CUES,
    PHYSICAL_OBJECTS,
    PREP_CUES,
    QUOTE_ONLY,
    RAISING_VERBS,
    XCOMP_CUES,
    stance_of,
)
from unspin.attribution.model import Found, Offsets
from unspin.attribution.patterns import learnt_content, learnt_patterns, predicate_end
from unspin.attribution.spans import (
    cue_offsets,
    doc_text,
    own_attributions,
    source_of,
    source_phrase,
    subject_of,
    subtree_offsets,
    token_end,
    trim,
)
from unspin.clean.furniture import NOT_SPEAKER_LABELS

__all__ = ["according_to", "cue_offsets", "doc_text", "label_colons", "noun_cues", "source_of", "verb_cues"]

#: Subjects that point at a thing or ask a question rather than name a speaker.
_NON_SPEAKERS = frozenset({"this", "that", "these", "those", "which", "what", "whatever"})
#: Things of nature and matter that "respond", "react" or "show" but say nothing ("how the ice would respond").
_MUTE_THINGS = frozenset(
    {
        "ice", "sea", "ocean", "water", "weather", "temperature", "rain", "snow", "storm", "wind", "river",
        "glacier", "soil", "seabed", "dam", "reservoir", "engine", "machine", "virus", "bacteria", "tissue",
        "planet", "atmosphere", "forest", "tree", "crop", "animal",
    }
)  # fmt: skip


def _misread_verb(subject: Token) -> bool:
    """A headline verb the parser took for a noun ("minister rejects" as a compound noun "rejects")."""
    word = subject.lower_
    return (
        subject.pos_ == "NOUN"
        and word.endswith("s")
        and (word[:-1] in CUE_VERBS or word[:-2] in CUE_VERBS)
        and any(c.dep_ == "compound" and c.i == subject.i - 1 for c in subject.children)
        and not any(c.dep_ in {"det", "poss", "amod", "nummod"} for c in subject.children)  # "Trump's tweets"
    )


def _can_speak(subject: Token, verb: Token) -> bool:
    """False for subjects that cannot be a source: "this", "which side" (a relative
    pronoun heading the cue's own relative clause stands for its antecedent and can speak)."""
    if verb.dep_ == "relcl" and subject.lower_ in {"who", "which", "that"}:
        return True
    if subject.lower_ in _NON_SPEAKERS or (subject.pos_ == "NOUN" and subject.lemma_.lower() in _MUTE_THINGS):
        return False  # a common noun only: "The Sun reported" is a newspaper
    if _misread_verb(subject):
        return False  # "Prime minister rejects calls for early election": "rejects" is the verb, not a speaker
    return not any(child.dep_ == "det" and child.tag_ in {"WDT", "WP"} for child in subject.children)


#: "declined to say how many ...": the refusal is the report; PolNeAR train + dev mark "declined" or
#: "refused" (39 times) or the whole "declined to say" (16) as the cue, the "to say" never as a cue of its own.
_REFUSALS = frozenset({"decline", "refuse"})


def _refused(verb: Token) -> bool:
    """``verb`` is the ``to``-infinitive a refusal governs: the refusal's content, not a second report."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.i < verb.i
        and head.lemma_.lower() in _REFUSALS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _chain_head(verb: Token) -> Token | None:
    """The verb that ``verb`` continues as a ``to``-infinitive, when PolNeAR joins the two in one cue."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i >= verb.i or head.lemma_.lower() not in CHAIN_VERBS:
        return None
    return head if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) else None


#: Verb + preposition pairs PolNeAR marks as one cue even when the preposition's object is the
#: addressee, not the content ("called on Congress to act": "call on" 35 times in the cue, 5 after it).
_PREPOSITION_CUES = frozenset({("call", "on")})


def _with_cue_preposition(verb: Token, cue: Offsets) -> Offsets:
    following = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if following is None or following.idx < cue[1] or following.head.i != verb.i:
        return cue
    if (verb.lemma_.lower(), following.lower_) in _PREPOSITION_CUES:
        return cue[0], token_end(following)
    return cue


def _raises(verb: Token, subject: Token, content: Token) -> bool:
    """True for "X seemed to ...", "X is expected to ...", "X was accused of ...": the subject is not the speaker."""
    if subject.head.i != verb.i or subject.i > verb.i:
        return False
    if subject.dep_ == "nsubjpass":
        return True
    return content.dep_ == "xcomp" and verb.lemma_.lower() in RAISING_VERBS


def _passive_subject(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return subject if subject is not None and subject.lower_ not in {"it", "there", "who", "which", "that"} else None


def _agent_source(verb: Token, found: Found) -> None:
    """The source of a passive cue: the object of its ``by`` ("was criticized by the mayor")."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    speaker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if speaker is not None:
        found.source = source_phrase(speaker)
        found.extra["head"] = (speaker.idx, token_end(speaker))


def _cut_out(text: str, content: list[Offsets], holes: list[Offsets | None]) -> list[Offsets]:
    """``content`` without the cue and the source: "what their union called an 'insulting' offer" reports
    "what ... an 'insulting' offer", not the union calling it (an object before its verb spans both)."""
    for hole in holes:
        if hole is None:
            continue
        cut: list[Offsets] = []
        for start, end in content:
            if hole[0] < end and start < hole[1]:
                pieces = [(start, hole[0]), (hole[1], end)]
                cut.extend(p for p in (trim(text, a, b) for a, b in pieces if b > a) if p[1] > p[0])
            else:
                cut.append((start, end))
        content = cut
    return content


def _merge_offsets(parts: list[Offsets]) -> list[Offsets]:
    return sorted(set(parts))


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
    content = learnt[1] if learnt is not None and learnt[0] != "parataxis" else None
    return None if content is not None and content.dep_ == "dobj" and _physical(content) else content


def _physical(thing: Token) -> bool:
    """True for an object such as "Syrian forces" or "a refugee camp": what is attacked or backed is not words."""
    return thing.lemma_.lower() in PHYSICAL_OBJECTS


def _takes_object(verb: Token) -> bool:
    """True for a cue whose content can be its object, so that its passive subject is the content: a verb
    of the hand-written list, or of the learnt one when a ``by`` agent speaks ("was published by ...")."""
    if verb.lemma_.lower() in DOBJ_CUES:
        return True
    return "dobj" in learnt_patterns(verb) and any(c.dep_ == "agent" for c in verb.children)


def _lexicon_content(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    by_dep: dict[str, Token] = {}
    for child in verb.children:
        by_dep.setdefault(child.dep_, child)
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:  # "It's a study, so we cannot say that coffee causes it": what is said follows the verb
        return next((c for c in clauses if c.i > verb.i), clauses[0])
    if lemma in _ADDRESSEE_VERBS and "dobj" in by_dep and (clause := _that_clause_on_object(by_dep["dobj"])):
        return clause
    xcomp = by_dep.get("xcomp")
    if xcomp is not None and lemma in XCOMP_CUES and any(c.lower_ == "to" for c in xcomp.children):
        return xcomp
    if lemma in DOBJ_CUES and "dobj" in by_dep and not _physical(by_dep["dobj"]):
        return by_dep["dobj"]
    if lemma in NAMING_CUES and "dobj" in by_dep and _names_as(by_dep):
        return by_dep["dobj"]  # "called the statement outlandish": the object and what it is called
    prep = by_dep.get("prep")
    if prep is not None and PREP_CUES.get(lemma) == prep.lower_:
        return next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    return None


#: Verbs whose object is who is told, so that a "that" clause after it is what they are told (unlike
#: "add so many layers that it would ...", a result clause).
_ADDRESSEE_VERBS = frozenset(
    {"tell", "inform", "brief", "warn", "assure", "reassure", "remind", "notify", "advise", "caution", "alert"}
)


def _that_clause_on_object(obj: Token) -> Token | None:
    """ "Volkova told a briefing that the drills threatened stability": the parser hangs the reported
    clause on the object as a relative clause.  A relative clause has no "that" of its own beside its
    subject (in "a briefing that was long", "that" is the subject), so one with both is the content."""
    for clause in obj.children:
        if (
            clause.dep_ == "relcl"
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
            and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
        ):
            return clause
    return None


_OWN_OBJECTS = frozenset({"dobj", "ccomp", "xcomp"})


def _telephoned(verb: Token, content: Token) -> bool:
    """ "call X for Y" with an object of its own is calling someone, unlike "called for calm"."""
    return (
        verb.lemma_.lower() == "call"
        and content.dep_ == "pobj"
        and content.head.lower_ == "for"
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _scare_quoted(tok: Token) -> bool:
    """A word alone in quotation marks ('rejects "insulting" pay offer') is a word someone used, not a
    verb of the sentence reporting speech (the parser reads headlines like this as verbs)."""
    doc = tok.doc
    return 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].is_quote and doc[tok.i + 1].is_quote


def verb_cues(doc: Doc) -> Iterator[Found]:
    """``X said (that) ...``, ``..., X said``, ``X denies Y``, ``X vowed to ...``."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in {"VERB", "AUX"} or lemma in QUOTE_ONLY or _scare_quoted(tok):
            continue
        in_lexicon = lemma in CUE_VERBS
        if (not in_lexicon and not learnt_patterns(tok)) or _refused(tok):
            continue
        content_tok = _content_token(tok)
        if content_tok is not None and _light_verb_of_noun_cue(tok, content_tok):
            continue  # "expressed his surprise that ...": noun_cues finds it, with the noun in the cue
        if content_tok is not None and _telephoned(tok, content_tok):
            continue  # "Residents can call 0800 123 456 for help": a phone call, not a call for something
        if content_tok is not None:
            holes = _trailing_relatives(content_tok) + own_attributions(content_tok)
            content = subtree_offsets(content_tok, skip=holes)
            if content_tok.dep_ == "dobj":
                content = _with_predicate(tok, content_tok, content)
            rule = f"verb-{content_tok.dep_}"
        elif tok.dep_ == "parataxis" and (
            (in_lexicon and lemma not in CLAUSE_ONLY) or "parataxis" in learnt_patterns(tok)
        ):
            # "The economy, he said, is weak": the clause around the cue is the content.
            content = subtree_offsets(tok.head, skip=[tok])
            rule = "verb-parataxis"
        elif (passive := _passive_subject(tok)) is not None and _takes_object(tok) and not _physical(passive):
            # "Trump was criticized by Cruz": the subject alone is the content.
            content = subtree_offsets(passive)
            rule = "verb-passive"
        elif in_lexicon and tok.dep_ == "advcl" and tok.head.i != tok.i and _marked_as(tok):
            own = any(c.dep_ in {"nsubj", "nsubjpass", "prep", "agent"} for c in tok.children)
            shared = None if own else subject_of(tok)
            if not own and (shared is None or shared.pos_ == "NOUN"):
                # "the next auction would open in March as planned": a thing plans nothing ("He proposed
                # it, as promised" keeps its speaker; "As stated in Davis' commentary" names its source)
                continue
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
        cue = _with_cue_preposition(tok, cue)
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
        if rule == "verb-passive":
            _agent_source(tok, found)
            yield found
            continue
        if subject is not None and content_tok is not None and _raises(tok, subject, content_tok):
            # "Trump's voters appeared to turn out", "Smith was accused of fraud by the mayor": the subject
            # is what is reported; the speaker, if any, is the agent.
            if subject.lower_ not in {"it", "there"}:
                found.content = _merge_offsets([*subtree_offsets(subject), *content])
            _agent_source(tok, found)
            yield found
            continue
        if subject is not None and not _can_speak(subject, tok):
            continue  # "That might explain why ...", "Which side are we to believe": no speaker
        source_of(tok, found)
        if found.source is None and rule in {"verb-dobj", "verb-pobj", "verb-pcomp"}:
            continue  # "after attacking a refugee camp": an object without a speaker is narration
        found.content = _cut_out(doc_text(doc), found.content, [found.cue, found.source])
        if found.content:
            yield found


def inserted_cues(doc: Doc) -> Iterator[Found]:
    """``Bills will rise 12 percent, the utility announced on Friday, after ...``: a source and cue set
    between commas after what they report, which the parser hangs on the source as a clause of it
    (``acl``) instead of making the cue the sentence's verb."""
    text = doc_text(doc)
    for tok in doc:
        if tok.dep_ != "acl" or tok.pos_ != "VERB" or tok.lemma_.lower() not in CUE_VERBS or tok.i < tok.head.i:
            continue
        if any(c.dep_ in _OWN_OBJECTS for c in tok.children):
            continue  # "the group announced a boycott": a report of its own, not of the clause before
        subject, sentence = tok.head, tok.sent
        first = subject.left_edge.i
        if first - 1 <= sentence.start or doc[first - 1].text != "," or subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        content = trim(text, doc[sentence.start].idx, doc[first - 1].idx)
        if len(text[content[0] : content[1]].split()) < 4:
            continue
        yield Found(
            cue=cue_offsets(tok, []),
            content=[content],
            source=trim(text, subject.left_edge.idx, token_end(subject)),
            stance=stance_of(tok.lemma_.lower()),
            confidence=0.6,
            rule="verb-inserted",
            cue_token=tok.i,
            extra={"head": (subject.idx, token_end(subject))},
        )


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


def _light_verb_of_noun_cue(verb: Token, obj: Token) -> bool:
    return (
        obj.dep_ == "dobj"
        and verb.lemma_.lower() in LIGHT_VERBS
        and obj.lemma_.lower() in NOUN_CUES
        and any(c.dep_ in {"acl", "ccomp"} and _has_that(c) for c in obj.children)
    )


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
    """ "described the US as the Great Satan", "estimated the crowd at 6,000": the predicate after the object
    belongs to the content."""
    end = predicate_end(verb, obj)
    valued = verb.lemma_.lower() == "estimate"
    for child in verb.rights:
        as_or_at = child.dep_ == "prep" and (child.lower_ == "as" or (valued and child.lower_ == "at"))
        if child.i > obj.i and (child.dep_ in {"oprd", "xcomp"} or as_or_at):
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
        if not any(t.text[:1].isupper() for t in label) or label[0].lower_ in NOT_SPEAKER_LABELS:
            continue  # "Verdict: Misleading.", "Fact check: Did crime fall?" name nobody
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

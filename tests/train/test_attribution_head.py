"""The attribution-tagger experiment's pure parts: BIO tags, constrained decoding, spans, regrouping."""

from __future__ import annotations

import itertools

import numpy as np

from unspin.evaluate.attribution import RoleSpan
from unspin.train.attribution_head import TAGS, regroup_contents, role_tags, tag_spans, viterbi

TEXT = "Officials said the dam will open."
OFFSETS = [(0, 9), (10, 14), (15, 18), (19, 22), (23, 27), (28, 32), (32, 33)]


def test_role_tags_begin_each_fragment() -> None:
    spans = [RoleSpan("source", ((0, 9),)), RoleSpan("cue", ((10, 14),)), RoleSpan("content", ((15, 22), (23, 32)))]
    tags = role_tags(OFFSETS, spans)
    assert [TAGS[t] for t in tags] == ["B-source", "B-cue", "B-content", "I-content", "B-content", "I-content", "O"]


def test_viterbi_never_starts_or_continues_a_role_it_did_not_begin() -> None:
    log_probs = np.log(np.full((3, len(TAGS)), 0.01))
    log_probs[:, TAGS.index("I-cue")] = np.log(0.9)  # the argmax alone would be I-cue everywhere
    log_probs[1, TAGS.index("B-source")] = np.log(0.5)
    path = [TAGS[t] for t in viterbi(log_probs)]
    assert path == ["B-cue", "I-cue", "I-cue"]  # the cheapest legal way to keep the likely I-cue tags
    for prev, cur in itertools.pairwise(path):
        if cur.startswith("I-"):
            assert prev[2:] == cur[2:], path


def test_tag_spans_widen_to_words_and_keep_roles() -> None:
    tags = [TAGS.index(t) for t in ("B-source", "B-cue", "B-content", "I-content", "I-content", "I-content", "O")]
    offsets = [(0, 4), *OFFSETS[1:]]  # the first piece stops inside "Officials"
    spans = tag_spans(tags, offsets, TEXT)
    assert spans == [
        RoleSpan("source", ((0, 9),)),
        RoleSpan("cue", ((10, 14),)),
        RoleSpan("content", ((15, 32),)),
    ]


def test_regroup_joins_pieces_of_one_rule_content_only() -> None:
    rule = RoleSpan("content", ((0, 10), (20, 30)))
    pieces = [RoleSpan("content", ((0, 9),)), RoleSpan("content", ((21, 30),)), RoleSpan("content", ((40, 50),))]
    out = regroup_contents([RoleSpan("cue", ((12, 15),)), *pieces], [rule])
    assert RoleSpan("content", ((0, 9), (21, 30))) in out
    assert RoleSpan("content", ((40, 50),)) in out and RoleSpan("cue", ((12, 15),)) in out
    assert len(out) == 3

"""The miner of the learnt cue list, on a hand-written text and its hand-written BRAT annotation."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from unspin.config import Config
from unspin.nlp import get_nlp
from unspin.train.cue_lexicon import Key, count, read_events, select, write_table

TEXT = "The mayor was confident that the bridge would reopen. The mayor was confident."
# E line before its T lines, as some PolNeAR files have it.
ANN = (
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 23\twas confident\n"
    "T3\tContent 24 51\tthat the bridge would reopen\n"
    "T4\tAttribution 10 23\twas confident\n"
)


def test_events_pair_each_cue_with_its_content() -> None:
    assert read_events(ANN) == [([(10, 23)], [(24, 51)])]


def test_counts_and_selection(tmp_path: Path) -> None:
    total: Counter[Key] = Counter()
    hits: Counter[Key] = Counter()
    count(get_nlp(Config().spacy_model)(TEXT), read_events(ANN), total, hits)
    key = ("confident", "ADJ", "ccomp")
    assert (hits[key], total[key]) == (1, 1)
    assert select(total, hits, min_count=1, min_precision=0.5) == [key]
    assert select(total, hits, min_count=2, min_precision=0.5) == []
    out = tmp_path / "cues.txt"
    write_table(out, [key], total, hits, "learnt from a test")
    assert out.read_text(encoding="utf-8").splitlines() == ["# learnt from a test", "confident ADJ ccomp 1 1"]

"""Debate-grouped cross-validation: one event per group, no event in the training and test part of a fold."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.claims.checkthat import debate_files, event_groups, grouped_folds
from unspin.errors import ConfigError

# Made-up debate lines; two "editions" of one event share most of them under another name and date.
LINES = [f"Speaker {i} said the county spent {i} million dollars on roads and bridges last year." for i in range(20)]
OTHER = [f"A different town hall heard {i} complaints about the new parking rules downtown." for i in range(20)]


def tsv(lines: list[str]) -> str:
    return "".join(f"{i}\tSPEAKER\t{text}\t{i % 2}\n" for i, text in enumerate(lines, start=1))


def test_event_groups_join_copies_by_shared_sentences_or_date() -> None:
    debates = {
        "20160209_msnbc_dem": LINES,
        "20160204_democrats_new_hampshire": [*LINES[2:], "An extra line the other copy lacks, said the moderator."],
        "20170101_rally": OTHER,
        "20170101_rally_transcript": ["Thank you.", "Completely different words from start to end, really."],
        "20180505_speech": OTHER[:1] + [t.replace("town hall", "school board") for t in OTHER[1:]],
    }
    groups = event_groups(debates)
    assert groups["20160204_democrats_new_hampshire"] == "20160209_msnbc_dem"  # 18 of 19 sentences shared
    assert groups["20170101_rally_transcript"] == "20170101_rally"  # same date prefix
    assert groups["20180505_speech"] == "20180505_speech"  # one stock line in common is not one event
    assert groups["20160209_msnbc_dem"] == "20160209_msnbc_dem"


def test_grouped_folds_never_put_a_group_in_train_and_test() -> None:
    groups = ["a", "b", "a", "c", "d", "b", "e", "e", "f", "a"]
    folds = grouped_folds(groups, 3)
    assert len(folds) == 3
    tested = sorted(i for _, test in folds for i in test)
    assert tested == list(range(len(groups)))  # every item is tested exactly once
    for train, test in folds:
        assert {groups[i] for i in train}.isdisjoint({groups[i] for i in test})
        assert sorted(train + test) == list(range(len(groups)))
    assert grouped_folds(groups, 3) == folds  # deterministic


@pytest.mark.parametrize("folds", [1, 7])
def test_grouped_folds_need_two_to_group_count_folds(folds: int) -> None:
    with pytest.raises(ConfigError, match="folds must be between 2 and the number of groups"):
        grouped_folds(["a", "b", "c", "d", "e", "f"], folds)


def test_debate_files_keep_one_copy_per_event_the_2019_one(tmp_path: Path) -> None:
    layout = {
        ("clef2019", "20160209_msnbc_dem"): LINES,
        ("clef2019", "20161019_3pres"): OTHER,
        ("clef2020", "20160204_democrats_new_hampshire"): LINES[1:],
        ("clef2020", "20161019_3pres"): OTHER,  # the same name in both editions
        ("clef2020", "20170803_Trump_WV"): [t.replace("town hall", "rally crowd") for t in OTHER],
    }
    for (edition, name), lines in layout.items():
        folder = tmp_path / edition / "training"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.tsv").write_text(tsv(lines), encoding="utf-8")
    files = debate_files(tmp_path)
    assert sorted(files) == ["20160209_msnbc_dem", "20161019_3pres", "20170803_Trump_WV"]
    assert files["20161019_3pres"].parent.parent.name == "clef2019"
    assert "20160204_democrats_new_hampshire" not in files

"""The attribution scorer on hand-computed cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.cli.main import main
from unspin.errors import InputError
from unspin.evaluate.attribution import (
    RoleSpan,
    evaluate_paths,
    pair_files,
    parse_ann,
    score_files,
    score_role,
    text_name,
)

GOLD = """T1\tSource 0 10\tThe mayor,
T2\tCue 11 15\tsaid
T3\tContent 16 30;35 40\tthat the bridge it is
T4\tAttribution 11 15\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 50 55\tadded
T6\tContent 56 70\tmore words here
T7\tAttribution-no-source 50 55\tadded
E2\tAttribution-no-source:T7 Content:T6 Cue:T5
T8\tDiscuss 80 90\tignored
"""


def test_parse_ann_keeps_roles_and_fragments_only() -> None:
    spans = parse_ann(GOLD)
    assert [s.role for s in spans] == ["source", "cue", "content", "cue", "content"]
    assert spans[2].fragments == ((16, 30), (35, 40))


def test_span_text_running_over_a_line_break_is_skipped() -> None:
    # Three PolNeAR train files hold span text with a line break: the next line is not a T line.
    spans = parse_ann("T1\tContent 0 12;14 20\tA title.\n\nThe rest\nE1\tAttribution:T2 Content:T1\n")
    assert [s.fragments for s in spans] == [((0, 12), (14, 20))]


def test_malformed_offsets_name_the_line() -> None:
    with pytest.raises(InputError, match=r"x\.ann:1: offsets '1 b'"):
        parse_ann("T1\tCue 1 b\tsaid\n", "x.ann")


def test_exact_and_overlap_by_hand() -> None:
    gold = [RoleSpan("cue", ((11, 15),)), RoleSpan("cue", ((50, 55),)), RoleSpan("cue", ((60, 62),))]
    pred = [RoleSpan("cue", ((11, 15),)), RoleSpan("cue", ((48, 52),)), RoleSpan("cue", ((90, 95),))]
    counts = score_role(pred, gold).as_dict()
    # exact: 1 of 3 predicted, 1 of 3 gold
    assert counts["exact_p"] == pytest.approx(1 / 3)
    assert counts["exact_r"] == pytest.approx(1 / 3)
    assert counts["exact_f1"] == pytest.approx(1 / 3)
    # overlap: 2 of 3 predicted touch a gold cue; 2 of 3 gold cues are touched
    assert counts["overlap_p"] == pytest.approx(2 / 3)
    assert counts["overlap_r"] == pytest.approx(2 / 3)


def test_exact_matching_is_one_to_one_and_fragment_exact() -> None:
    gold = [RoleSpan("content", ((16, 30), (35, 40)))]
    pred = [RoleSpan("content", ((16, 30), (35, 40))), RoleSpan("content", ((16, 30), (35, 40)))]
    counts = score_role(pred, gold)
    assert (counts.exact, counts.n_pred, counts.n_gold) == (1, 2, 1)
    half = score_role([RoleSpan("content", ((16, 30),))], gold)
    assert half.exact == 0 and half.pred_overlapping == 1 and half.gold_overlapped == 1


def test_roles_never_match_across() -> None:
    totals = score_files([([RoleSpan("source", ((0, 5),))], [RoleSpan("cue", ((0, 5),))])])
    assert totals["source"].as_dict()["overlap_p"] == 0.0
    assert totals["cue"].as_dict()["overlap_r"] == 0.0


def test_empty_prediction_scores_zero_not_an_error() -> None:
    assert score_role([], [RoleSpan("cue", ((1, 2),))]).as_dict()["exact_f1"] == 0.0


def test_gold_names_drop_the_annotator_suffix() -> None:
    assert text_name(Path("nyt_2016-10-01_some-title_4e07.ann")) == "nyt_2016-10-01_some-title"
    assert text_name(Path("plain_name.ann")) == "plain_name"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold" / "attributions", tmp_path / "pred"
    gold.mkdir(parents=True)
    pred.mkdir()
    (gold / "story_ab12.ann").write_text(GOLD, encoding="utf-8")
    (gold / "story_cd34.ann").write_text("T1\tCue 11 15\tsaid\n", encoding="utf-8")
    (gold / "other_ab12.ann").write_text(GOLD, encoding="utf-8")
    (pred / "story.ann").write_text("T1\tSource 0 10\tThe mayor,\nT2\tCue 11 15\tsaid\n", encoding="utf-8")
    return gold.parent, pred


def test_duplicates_first_or_all(folders: tuple[Path, Path]) -> None:
    gold, pred = folders
    pairs, missing = pair_files(gold, pred, "first")
    assert [g.name for g, _ in pairs] == ["story_ab12.ann"]
    assert missing == ["other"]
    pairs, _ = pair_files(gold, pred, "all")
    assert [g.name for g, _ in pairs] == ["story_ab12.ann", "story_cd34.ann"]


def test_evaluate_paths_pools_counts(folders: tuple[Path, Path]) -> None:
    gold, pred = folders
    result = evaluate_paths(gold, pred)
    assert result["roles"]["source"]["exact_f1"] == 1.0
    assert result["roles"]["cue"]["exact_p"] == 1.0 and result["roles"]["cue"]["exact_r"] == 0.5
    assert result["roles"]["content"]["n_pred"] == 0 and result["roles"]["content"]["n_gold"] == 2


def test_no_matching_prediction_is_an_input_error(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    gold, _ = folders
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no prediction"):
        evaluate_paths(gold, tmp_path / "empty")


def test_cli_prints_a_table(folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = folders
    assert main(["eval", "attribution", "--gold", str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("source\t1.0000\t1.0000\t1.0000")
    assert main(["eval", "attribution", "--gold", str(gold), "--pred", str(gold / "missing")]) == 2

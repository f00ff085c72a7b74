"""The display-lever search on hand-built spans: the peak gate and the core extent are chosen in the folds."""

from __future__ import annotations

import json
from pathlib import Path

from unspin.evaluate.techniques import Label
from unspin.train.display_levers import Presented, best_of, cross_validate, peak_rules, write_rule


def presented(article: str, peak: float, core: tuple[int, int]) -> Presented:
    """A span over characters 0-100 whose core is ``core``; extents for every variant the rules read."""
    extents = {"span": (0, 100), "phrase": core, "core0.4": core}
    return Presented(article, "Loaded_Language", 0, 100, 0.5, 0.5, peak, 3, extents)


def test_peak_gate_and_core_win_when_sure_spans_have_their_gold_in_the_core() -> None:
    gold: list[Label] = []
    spans = []
    for k in range(10):
        sure, unsure = f"a{k}", f"b{k}"
        gold += [(sure, "", 10, 30), (unsure, "", 90, 100)]
        spans += [presented(sure, 0.8, (10, 30)), presented(unsure, 0.45, (40, 60))]
    ids = {g[0] for g in gold}
    rule = best_of(peak_rules(["span", "core0.4"]), spans, gold, ids, min_recall=0.3)
    assert rule.extent == "core0.4" and 0.45 < rule.params["min_peak"] <= 0.8
    figures = cross_validate(
        lambda train: best_of(peak_rules(["span", "core0.4"]), spans, gold, train, 0.3), spans, gold
    )
    assert figures["out_of_fold"]["precision"] == 1.0 and figures["out_of_fold"]["recall"] == 0.5
    assert len(figures["fold_rules"]) == 5


def test_writing_the_rule_keeps_the_models_uncertain_label_cut(tmp_path: Path) -> None:
    """The search chooses the gate and the core; the best-guess cut is measured apart and must survive."""
    gold: list[Label] = [(f"a{k}", "", 10, 30) for k in range(10)]
    spans = [presented(f"a{k}", 0.8, (10, 30)) for k in range(10)]
    rule = best_of(peak_rules(["span", "core0.4"]), spans, gold, {g[0] for g in gold}, min_recall=0.3)
    config = {"threshold": 0.3, "display": {"min_peak": 0.5, "core_level": 0.4, "uncertain_label_below": 0.3}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    results = {"peak, no label floor/any extent": {"out_of_fold": {}, "fold_rules": []}}
    write_rule(tmp_path, rule, results, spans, gold, 0.3)
    written = json.loads((tmp_path / "config.json").read_text())["display"]
    assert written["uncertain_label_below"] == 0.3
    assert written["core_level"] == 0.4 and written["min_peak"] == rule.params["min_peak"]

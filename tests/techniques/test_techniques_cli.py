"""``unspin eval techniques`` and ``unspin train techniques`` from the command line."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from unspin.cli.main import main
from unspin.document import Span
from unspin.techniques.display import DisplayRule
from unspin.techniques.tagger import TechniqueTagger

GOLD = "1\tLoaded_Language\t0\t10\n1\tDoubt\t20\t30\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_pred_prints_si_tc_and_flc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.labels", GOLD)
    pred = write(tmp_path / "pred.labels", "1\tLoaded_Language\t0\t10\n1\tLoaded_Language\t20\t30\n")
    assert main(["eval", "techniques", "--gold", str(gold), "--pred", str(pred), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["si"]["f1"] == 1.0
    assert result["tc"]["f1"] == 0.5
    assert result["tc_per_technique"]["Doubt"]["recall"] == 0.0


def test_eval_table_has_one_row_per_task(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.labels", GOLD)
    assert main(["eval", "techniques", "--gold", str(gold), "--pred", str(gold)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("SI\t1.0000\t1.0000\t1.0000")
    assert "Loaded_Language\t1.0000" in out


def test_eval_with_a_missing_gold_file_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "techniques", "--gold", str(tmp_path / "nope.labels"), "--pred", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("unspin: error: no label file") and err.count("\n") == 1


class StubTagger:
    """Marks the word "evil" as Name_Calling; classifies every gold span as Doubt."""

    def outputs(self, text: str) -> str:
        return text

    def spans_from(self, text: str, outputs: str, threshold: float | None = None) -> list[Span]:
        start = text.find("evil")
        return [Span(start, start + 4, "Name_Calling,Labeling", 0.9)] if start >= 0 else []

    def classify_from(
        self, outputs: str, spans: Sequence[tuple[int, int]], top_k: int = 1
    ) -> list[list[tuple[str, float]]]:
        return [[("Doubt", 0.6), ("Loaded_Language", 0.3)][:top_k] for _ in spans]


def test_eval_run_scores_the_model_on_article_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TechniqueTagger, "load", classmethod(lambda cls, model_dir=None: StubTagger()))
    articles = tmp_path / "articles"
    articles.mkdir()
    write(articles / "article1.txt", "An evil plan. Nobody believes them.")
    gold = write(tmp_path / "gold.labels", "1\tName_Calling,Labeling\t3\t7\n1\tDoubt\t14\t35\n")
    assert main(["eval", "techniques", "--gold", str(gold), "--run", str(articles), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["si"]["precision"] == 1.0
    assert result["si"]["recall"] == 0.5
    assert result["tc"]["f1"] == 0.5  # Doubt right, Name_Calling wrong


class DisplayStubTagger(StubTagger):
    """Also flags "Nobody" (a lower-confidence Doubt) and shows only spans scoring 0.5 or more."""

    display_rule = DisplayRule(min_score=0.5)

    def spans_from(self, text: str, outputs: str, threshold: float | None = None) -> list[Span]:
        start = text.find("Nobody")
        return [*super().spans_from(text, outputs), Span(start, start + 6, "Doubt", 0.3, {"label_probability": 0.8})]


def test_eval_shown_only_scores_the_spans_a_reader_sees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TechniqueTagger, "load", classmethod(lambda cls, model_dir=None: DisplayStubTagger()))
    articles = tmp_path / "articles"
    articles.mkdir()
    write(articles / "article1.txt", "An evil plan. Nobody believes them.")
    # "evil" is snapped to its noun phrase "evil plan" (3-12), as the techniques stage shows it
    gold = write(tmp_path / "gold.labels", "1\tName_Calling,Labeling\t3\t12\n1\tDoubt\t14\t35\n")
    base = ["eval", "techniques", "--gold", str(gold), "--run", str(articles), "--json"]
    assert main([*base, "--snapped"]) == 0
    every = json.loads(capsys.readouterr().out)["si"]
    assert main([*base, "--shown-only"]) == 0
    shown = json.loads(capsys.readouterr().out)["si"]
    assert every["n_pred"] == 2 and shown["n_pred"] == 1  # "Nobody" (score 0.3) is not shown
    assert shown["precision"] == 1.0 and shown["recall"] == 0.5 < every["recall"]


def test_eval_shown_only_needs_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.labels", GOLD)
    assert main(["eval", "techniques", "--gold", str(gold), "--pred", str(gold), "--shown-only"]) == 2
    assert "--shown-only and --snapped need --run" in capsys.readouterr().err


def test_eval_run_without_articles_names_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "gold.labels", GOLD)
    assert main(["eval", "techniques", "--gold", str(gold), "--run", str(tmp_path)]) == 2
    assert "no *.txt articles" in capsys.readouterr().err


def test_train_without_torch_says_how_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    code = main(["train", "techniques", "--data", str(tmp_path), "--out", str(tmp_path / "run")])
    assert code == 2
    assert "pip install -e .[train]" in capsys.readouterr().err


def test_train_with_a_missing_data_folder_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["train", "techniques", "--data", str(tmp_path / "ptc"), "--out", str(tmp_path / "run")])
    assert code == 2
    assert "ptc" in capsys.readouterr().err

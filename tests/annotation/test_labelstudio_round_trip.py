"""Label Studio round trip: export tasks, edit them as an annotator would, import, check offsets exactly."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from unspin.annotation.labelstudio import import_export, locate
from unspin.cli.main import main
from unspin.document import Document, Source, Span
from unspin.errors import InputError
from unspin.evaluate.attribution import evaluate_paths, read_ann
from unspin.evaluate.techniques import read_labels
from unspin.render.labelstudio import combine_tasks, labelling_config, render_labelstudio
from unspin.render.palette import TECHNIQUES
from unspin.render.registry import renderer_info
from unspin.train.ptc import load_split

# Our own words; the emoji and the accented letters make Python and UTF-16 offsets differ after them.
HARBOUR = (
    "Harbour reopens 🚢 after storm\n\n"
    "The harbour master said that the port will reopen on Monday.\n"
    "Critics called the plan a disaster for the fishermen of Sète.\n"
    "“This is a betrayal,” the union leader claimed."
)
BUDGET = "Finance Minister Ola Berg denied that the budget cuts 40 schools.\nA shameful, catastrophic budget."


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _doc(
    name: str, text: str, techniques: list[tuple[str, str, float, bool]], attributions: list[dict[str, str]]
) -> Document:
    doc = Document(text, Source(kind="text", name=name))
    spans = []
    for needle, label, score, shown in techniques:
        s, e = _find(text, needle)
        spans.append(Span(s, e, label, score, {"reason": "test", "shown": shown}))
    doc.set_layer("techniques", spans)
    roles = []
    for number, attribution in enumerate(attributions):
        attrs = {"id": f"a{number}", "kind": "indirect", "stance": "neutral"}
        for role, needle in attribution.items():
            s, e = _find(text, needle)
            roles.append(Span(s, e, role, 0.8, attrs))
    doc.set_layer("attributions", roles)
    return doc


def harbour() -> Document:
    return _doc(
        "texts/harbour.txt",
        HARBOUR,
        [
            ("a disaster", "Loaded_Language", 0.91, True),
            ("a betrayal", "Name_Calling,Labeling", 0.72, True),
            ("Critics", "Doubt", 0.2, False),  # not shown by default: not predicted for the annotator
        ],
        [
            {"source": "The harbour master", "cue": "said", "content": "the port will reopen on Monday"},
            {"source": "the union leader", "cue": "claimed", "content": "This is a betrayal,"},
        ],
    )


def budget() -> Document:
    return _doc(
        "texts/article771.txt",
        BUDGET,
        [("shameful", "Loaded_Language", 0.8, True)],
        [{"source": "Finance Minister Ola Berg", "cue": "denied", "content": "the budget cuts 40 schools"}],
    )


def _tasks() -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = json.loads(
        combine_tasks([render_labelstudio(harbour()), render_labelstudio(budget())])
    )
    return tasks


def _region(result: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(r for r in result if r.get("value", {}).get("text") == text)


def test_tasks_hold_the_text_and_the_shown_predictions_with_scores() -> None:
    tasks = _tasks()
    assert [t["data"]["unspin_id"] for t in tasks] == ["harbour", "771"]
    first = tasks[0]
    assert first["data"]["text"] == HARBOUR
    result = first["predictions"][0]["result"]
    regions = [r for r in result if r["type"] == "labels"]
    techniques = [r for r in regions if r["from_name"] == "technique"]
    assert [(r["value"]["labels"], r["score"]) for r in techniques] == [
        (["Loaded_Language"], 0.91),
        (["Name_Calling,Labeling"], 0.72),
    ]
    for region in regions:
        value = region["value"]
        assert HARBOUR[value["start"] : value["end"]] == value["text"]
    roles = sorted(r["value"]["labels"][0] for r in regions if r["from_name"] == "attribution")
    assert roles == ["Content", "Content", "Cue", "Cue", "Source", "Source"]
    said = _region(result, "said")["id"]
    relations = [(r["from_id"], r["to_id"]) for r in result if r["type"] == "relation"]
    assert (said, _region(result, "The harbour master")["id"]) in relations
    assert (said, _region(result, "the port will reopen on Monday")["id"]) in relations
    assert len(relations) == 4


def test_config_matches_the_tasks_and_the_report_colours() -> None:
    root = ET.fromstring(labelling_config())
    controls = {c.get("name"): c for c in root.iter("Labels")}
    assert {c.get("toName") for c in controls.values()} == {root.find("Text").get("name")}  # type: ignore[union-attr]
    colours = {label.get("value"): label.get("background") for label in controls["technique"].iter("Label")}
    assert colours == {t.label: t.colour for t in TECHNIQUES}
    assert [label.get("value") for label in controls["attribution"].iter("Label")] == ["Source", "Cue", "Content"]
    for task in _tasks():
        for region in task["predictions"][0]["result"]:
            if region["type"] == "labels":
                values = {label.get("value") for label in controls[region["from_name"]].iter("Label")}
                assert set(region["value"]["labels"]) <= values


def _annotate(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What an annotator does: accept the predictions, then move a span, delete one and add some."""
    exported = copy.deepcopy(tasks)
    for number, task in enumerate(exported, start=1):
        task["id"] = number
        task["annotations"] = [{"id": 10 + number, "result": copy.deepcopy(task["predictions"][0]["result"])}]
    harbour_result = exported[0]["annotations"][0]["result"]
    text = exported[0]["data"]["text"]
    # Move: "a disaster" becomes "a disaster for the fishermen of Sète".
    moved = _region(harbour_result, "a disaster")["value"]
    moved["end"] = _find(text, "Sète")[1]
    moved["text"] = text[moved["start"] : moved["end"]]
    # Delete: the union leader's content (its relation stays, pointing at nothing, as Label Studio may leave it).
    harbour_result.remove(_region(harbour_result, "This is a betrayal,"))
    # Add: a technique over the emoji, and a new attribution (a source and a cue tied by a relation).
    s, e = _find(text, "Harbour reopens 🚢 after storm")
    harbour_result.append(
        {"id": "new1", "from_name": "technique", "to_name": "text", "type": "labels",
         "value": {"start": s, "end": e, "text": text[s:e], "labels": ["Exaggeration,Minimisation"]}}
    )  # fmt: skip
    s, e = _find(text, "Critics")
    harbour_result.append(
        {"id": "new2", "from_name": "attribution", "to_name": "text", "type": "labels",
         "value": {"start": s, "end": e, "text": "Critics", "labels": ["Source"]}}
    )  # fmt: skip
    s, e = _find(text, "called")
    harbour_result.append(
        {"id": "new3", "from_name": "attribution", "to_name": "text", "type": "labels",
         "value": {"start": s, "end": e, "text": "called", "labels": ["Cue"]}}
    )  # fmt: skip
    harbour_result.append({"type": "relation", "from_id": "new2", "to_id": "new3", "direction": "right"})
    # The second task: a cancelled annotation, and a later ground-truth one that drops every technique.
    budget_task = exported[1]
    truth = [r for r in budget_task["annotations"][0]["result"] if r.get("from_name") != "technique"]
    budget_task["annotations"] = [
        {"id": 1, "result": [], "was_cancelled": True, "updated_at": "2026-01-03T00:00:00Z"},
        {"id": 2, "result": truth, "ground_truth": True, "updated_at": "2026-01-02T00:00:00Z"},
    ]
    # A third task nobody annotated.
    exported.append({"id": 3, "data": {"text": "Unread.", "unspin_id": "unread"}, "annotations": []})
    return exported


def test_round_trip_keeps_every_offset_exact(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_annotate(_tasks()), ensure_ascii=False), encoding="utf-8")
    summary = import_export(export, tmp_path / "data", split="dev")
    assert (summary.tasks, summary.texts, summary.technique_labels, summary.attributions) == (3, 2, 3, 4)
    assert summary.warnings == ["1 of 3 tasks have no annotation (cancelled or not done): skipped"]
    data = tmp_path / "data"
    assert (data / "dev-articles" / "harbour.txt").read_text(encoding="utf-8") == HARBOUR
    assert (data / "dev-articles" / "article771.txt").read_text(encoding="utf-8") == BUDGET

    expected = [
        ("harbour", "Exaggeration,Minimisation", *_find(HARBOUR, "Harbour reopens 🚢 after storm")),
        ("harbour", "Loaded_Language", _find(HARBOUR, "a disaster")[0], _find(HARBOUR, "Sète")[1]),
        ("harbour", "Name_Calling,Labeling", *_find(HARBOUR, "a betrayal")),
    ]
    labels = read_labels(data / "dev-task-flc-tc.labels")
    assert sorted(labels) == sorted(expected)  # the Doubt span was never shown, budget's technique was deleted
    (article_771, harbour_article) = load_split(data, "dev")  # what `unspin train techniques` reads
    assert harbour_article.article_id == "harbour" and article_771.article_id == "771" and article_771.spans == []
    for label, start, end in harbour_article.spans:
        assert (harbour_article.article_id, label, start, end) in expected
    assert HARBOUR[expected[1][2] : expected[1][3]] == "a disaster for the fishermen of Sète"

    spans = read_ann(data / "dev" / "attributions" / "harbour.ann")
    got = sorted((s.role, HARBOUR[s.fragments[0][0] : s.fragments[0][1]]) for s in spans)
    assert got == sorted(
        [
            ("source", "The harbour master"),
            ("cue", "said"),
            ("content", "the port will reopen on Monday"),
            ("source", "Critics"),
            ("cue", "called"),
            ("source", "the union leader"),
            ("cue", "claimed"),
        ]
    )
    ann = (data / "dev" / "attributions" / "harbour.ann").read_text(encoding="utf-8")
    assert ann.count("\nE") + ann.startswith("E") == 3  # three attributions, one E line each
    budget_spans = read_ann(data / "dev" / "attributions" / "article771.ann")
    assert sorted((s.role, s.fragments) for s in budget_spans) == sorted(
        [
            ("source", (_find(BUDGET, "Finance Minister Ola Berg"),)),
            ("cue", (_find(BUDGET, "denied"),)),
            ("content", (_find(BUDGET, "the budget cuts 40 schools"),)),
        ]
    )
    # `unspin eval attribution` reads the folder: the files scored against themselves agree exactly.
    scores = evaluate_paths(data / "dev", data / "dev")
    assert scores["files"] == 2 and all(m["exact_f1"] == 1.0 for m in scores["roles"].values())


def test_utf16_offsets_of_older_label_studio_versions_are_converted() -> None:
    text = "🚢 Ship ahoy"
    assert locate(text, {"start": 3, "end": 7, "text": "Ship"}, "t") == (2, 6)  # UTF-16: the emoji counts two
    assert locate(text, {"start": 2, "end": 6, "text": "Ship"}, "t") == (2, 6)
    with pytest.raises(InputError, match=r"its text 'Ship' is not at 4-8"):
        locate(text, {"start": 4, "end": 8, "text": "Ship"}, "t")


def test_bad_exports_are_refused_with_a_reason(tmp_path: Path) -> None:
    export = tmp_path / "e.json"
    export.write_text(json.dumps([{"id": 1, "data": {"text": "x"}}]), encoding="utf-8")
    with pytest.raises(InputError, match="has no 'annotations'"):
        import_export(export, tmp_path / "out")
    task = {"id": 1, "data": {"text": "A plain text."}, "annotations": [{"result": []}]}
    task["annotations"][0]["result"] = [  # type: ignore[index]
        {"id": "r", "type": "labels", "value": {"start": 0, "end": 1, "text": "A", "labels": ["Sarcasm"]}}
    ]
    export.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(InputError, match="label 'Sarcasm' is neither a PTC technique nor Source/Cue/Content"):
        import_export(export, tmp_path / "out")
    export.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="is not JSON"):
        import_export(export, tmp_path / "out")


def test_renderer_is_registered_and_combines_several_documents() -> None:
    info = renderer_info("labelstudio")
    assert info.extension == "json" and info.combine is combine_tasks
    assert len(json.loads(info.fn(harbour()))) == 1


def test_cli_analyze_writes_one_task_list_and_labelstudio_commands_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (("a.txt", "The first article.\n\nIt has two paragraphs."), ("b.txt", "The second one.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "tasks.json"
    args = ["analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--until", "clean"]
    assert main([*args, "--format", "labelstudio", "-o", str(out)]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["unspin_id"] for t in tasks] == ["a", "b"]
    capsys.readouterr()
    assert main(["labelstudio", "config"]) == 0
    assert capsys.readouterr().out.startswith("<View>")
    export = tmp_path / "export.json"
    for task in tasks:
        task["annotations"] = [{"result": []}]
    export.write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["labelstudio", "import", str(export), "-o", str(tmp_path / "data")]) == 0
    assert "2 of 2 tasks annotated" in capsys.readouterr().out
    assert (tmp_path / "data" / "train-task-flc-tc.labels").read_text(encoding="utf-8") == ""
    assert main(["labelstudio", "import", str(tmp_path / "missing.json"), "-o", str(tmp_path / "data")]) == 2
    assert "cannot read" in capsys.readouterr().err

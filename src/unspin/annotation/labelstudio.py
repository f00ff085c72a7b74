"""Read a Label Studio export back into training data: PTC technique labels and PolNeAR-style BRAT files.

The tasks come from ``unspin analyze --format labelstudio`` (:mod:`unspin.render.labelstudio`);
annotators correct the predictions in Label Studio, and the project's JSON export comes back
here.  For each task with an annotation, :func:`write_dataset` writes, under ``DIR``:

- ``{split}-articles/article<ID>.txt``: the task's text, which every offset below indexes;
- ``{split}-task-flc-tc.labels``: ``article_id<TAB>technique<TAB>start<TAB>end``, one row per technique label;
- ``{split}/text/<ID>.txt`` and ``{split}/attributions/<ID>.ann``: PolNeAR-style BRAT standoff, one
  attribution per group of Source/Cue/Content regions tied by relations.

That is the layout ``unspin train techniques --data DIR`` reads (a ``train`` and a ``dev`` split)
and ``unspin eval techniques --gold DIR/dev-task-flc-tc.labels`` / ``unspin eval attribution
--gold DIR/dev`` score against.

Offsets are checked against each region's own ``text``: Label Studio versions that counted
UTF-16 code units (an emoji counts two) are recognised and converted; a region whose text is
not at its offsets either way is an :class:`~unspin.errors.InputError` naming the task.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.document import Document, Span
from unspin.errors import InputError
from unspin.render.brat import brat_lines
from unspin.render.palette import PTC_LABELS

ROLES = {"Source": "source", "Cue": "cue", "Content": "content"}
SPLITS = ("train", "dev")
_UNSAFE = re.compile(r"[^\w.-]+")
_PTC_NAME = re.compile(r"article(\d+)")


@dataclass
class AnnotatedText:
    """One annotated task: its text, technique labels and attributions (role -> (start, end) pieces)."""

    article_id: str
    text: str
    techniques: list[tuple[str, int, int]] = field(default_factory=list)
    attributions: list[dict[str, list[tuple[int, int]]]] = field(default_factory=list)


@dataclass
class ImportSummary:
    tasks: int = 0
    texts: int = 0
    technique_labels: int = 0
    attributions: int = 0
    warnings: list[str] = field(default_factory=list)


def read_export(path: Path) -> list[Mapping[str, Any]]:
    """The tasks of a Label Studio JSON export (the "JSON" export format, a list of tasks)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"{path} is not JSON ({exc}); give Label Studio's JSON export") from None
    tasks = [data] if isinstance(data, dict) else data
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise InputError(f"{path} is not a Label Studio export: expected a JSON list of tasks")
    if tasks and not any("annotations" in t or "completions" in t for t in tasks):
        raise InputError(
            f"{path} has no 'annotations' in its tasks; export the project as 'JSON' (not JSON-MIN, CSV or a "
            "tasks file without annotations)"
        )
    return tasks


def chosen_annotation(task: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The result of the task's annotation to keep: a ground-truth one, else the latest; ``None`` when none."""
    annotations = [
        a
        for a in task.get("annotations") or task.get("completions") or []
        if isinstance(a, dict) and not a.get("was_cancelled") and isinstance(a.get("result"), list)
    ]
    if not annotations:
        return None
    best = max(
        annotations, key=lambda a: (bool(a.get("ground_truth")), str(a.get("updated_at") or a.get("created_at") or ""))
    )
    return list(best["result"])


def parse_task(task: Mapping[str, Any], where: str, result: Iterable[Mapping[str, Any]]) -> AnnotatedText:
    """Technique labels and attributions of one annotation ``result`` on ``task``'s text."""
    data = task.get("data")
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str):
        raise InputError(f"{where} has no data.text; was it made by `unspin analyze --format labelstudio`?")
    assert isinstance(data, dict)
    annotated = AnnotatedText(str(data.get("unspin_id") or task.get("id") or ""), text)
    roles: dict[str, tuple[str, tuple[int, int]]] = {}
    links: list[tuple[str, str]] = []
    for n, item in enumerate(result):
        if item.get("type") == "relation":
            links.append((str(item.get("from_id")), str(item.get("to_id"))))
            continue
        value = item.get("value")
        labels = value.get("labels") if isinstance(value, dict) else None
        if item.get("type") != "labels" or not isinstance(labels, list):
            continue  # a choice, a text area or a region of another kind: nothing to train on
        assert isinstance(value, dict)
        region = f"{where}, region {item.get('id', n)!r}"
        start, end = locate(text, value, region)
        for label in labels:
            if label in ROLES:
                roles[str(item.get("id", n))] = (ROLES[label], (start, end))
            elif label in PTC_LABELS:
                annotated.techniques.append((label, start, end))
            else:
                raise InputError(
                    f"{region}: label {label!r} is neither a PTC technique nor Source/Cue/Content; "
                    "use the labelling config of `unspin labelstudio config`"
                )
    annotated.techniques.sort(key=lambda t: (t[1], t[2], t[0]))
    annotated.attributions = _attributions(roles, links)
    return annotated


def locate(text: str, value: Mapping[str, Any], where: str) -> tuple[int, int]:
    """Python offsets of a region: as given, or converted from UTF-16 code units, whichever its text is at."""
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise InputError(f"{where}: start and end must be integers, got {start!r} and {end!r}")
    quoted = value.get("text")
    candidates = [(start, end), _from_utf16(text, start, end)]
    for s, e in candidates:
        if 0 <= s <= e <= len(text) and (quoted is None or text[s:e] == quoted):
            return s, e
    found = text[start:end] if 0 <= start <= end <= len(text) else f"offsets outside a text of {len(text)} characters"
    raise InputError(
        f"{where}: its text {quoted!r} is not at {start}-{end} ({found!r}); the offsets do not fit the task"
    )


def _from_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """Code point offsets of UTF-16 code unit offsets into ``text`` (-1 when they fall mid-character)."""
    units, by_unit = 0, {0: 0}
    for i, char in enumerate(text, start=1):
        units += 2 if ord(char) > 0xFFFF else 1
        by_unit[units] = i
    return by_unit.get(start, -1), by_unit.get(end, -1)


def _attributions(
    roles: Mapping[str, tuple[str, tuple[int, int]]], links: list[tuple[str, str]]
) -> list[dict[str, list[tuple[int, int]]]]:
    """Role regions grouped into attributions: regions linked by relations, directly or not, are one."""
    parent = {region: region for region in roles}

    def root(region: str) -> str:
        while parent[region] != region:
            parent[region] = parent[parent[region]]
            region = parent[region]
        return region

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for region, (role, piece) in roles.items():
        groups.setdefault(root(region), {}).setdefault(role, []).append(piece)
    ordered = sorted(groups.values(), key=lambda g: min(p for pieces in g.values() for p in pieces))
    for group in ordered:
        for pieces in group.values():
            pieces.sort()
    return ordered


def write_dataset(texts: list[AnnotatedText], out: Path, split: str) -> ImportSummary:
    """Write the texts, PTC labels and BRAT files of ``split`` under ``out`` (replacing that split's labels)."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
    articles, polnear_text, polnear_ann = out / f"{split}-articles", out / split / "text", out / split / "attributions"
    for folder in (articles, polnear_text, polnear_ann):
        folder.mkdir(parents=True, exist_ok=True)
    summary = ImportSummary(texts=len(texts))
    rows: list[str] = []
    taken: set[str] = set()
    for annotated in texts:
        stem = _unique(_UNSAFE.sub("_", annotated.article_id).strip("._") or "task", taken)
        match = _PTC_NAME.fullmatch(stem)
        article_id = match.group(1) if match else stem
        file_stem = f"article{article_id}" if article_id.isdigit() else stem
        for folder in (articles, polnear_text):
            (folder / f"{file_stem}.txt").write_text(annotated.text, encoding="utf-8", newline="")
        rows += [f"{article_id}\t{label}\t{start}\t{end}\n" for label, start, end in annotated.techniques]
        summary.technique_labels += len(annotated.techniques)
        lines, skipped = _brat(annotated)
        (polnear_ann / f"{file_stem}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        summary.attributions += len(annotated.attributions) - skipped
        if skipped:
            summary.warnings.append(
                f"{annotated.article_id}: {skipped} Source region(s) tied to no Cue or Content were left out"
            )
    (out / f"{split}-task-flc-tc.labels").write_text("".join(rows), encoding="utf-8")
    return summary


def _brat(annotated: AnnotatedText) -> tuple[list[str], int]:
    """BRAT lines of the attributions (every one kept, nested or not: the annotator marked them), and
    how many were left out for lacking both a cue and a content."""
    doc = Document(annotated.text)
    spans: list[Span] = []
    skipped = 0
    for number, group in enumerate(annotated.attributions):
        if "cue" not in group and "content" not in group:
            skipped += 1
            continue
        attrs = {"id": f"a{number}"}
        spans += [Span(s, e, role, None, attrs) for role, pieces in group.items() for s, e in pieces]
    doc.set_layer("attributions", spans)
    return brat_lines(doc, nested=True), skipped


def _unique(stem: str, taken: set[str]) -> str:
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


def import_export(export: Path, out: Path, split: str = "train") -> ImportSummary:
    """Read a Label Studio export and write its annotated tasks as ``split`` under ``out``."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
    tasks = read_export(export)
    texts: list[AnnotatedText] = []
    without = 0
    for number, task in enumerate(tasks, start=1):
        result = chosen_annotation(task)
        if result is None:
            without += 1
            continue
        where = f"{export} task {task.get('id', number)}"
        texts.append(parse_task(task, where, result))
    summary = write_dataset(texts, out, split)
    summary.tasks = len(tasks)
    if without:
        summary.warnings.append(f"{without} of {len(tasks)} tasks have no annotation (cancelled or not done): skipped")
    return summary

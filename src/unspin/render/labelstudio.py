"""Label Studio export: a document as an annotation task with unspin's spans as predictions.

``unspin analyze FILES --format labelstudio -o tasks.json`` writes a JSON list of tasks to import
into a Label Studio project set up with :func:`labelling_config` (``unspin labelstudio config``).
Each task's ``data.text`` is the clean text and every region's ``start``/``end`` index it (Python
string indices, which Label Studio reads as code points).  The predictions pre-fill an
annotator's work:

- technique spans shown by default (``from_name`` ``technique``, the PTC label, the calibrated score);
- attribution spans (``from_name`` ``attribution``: ``Source``, ``Cue``, ``Content``, with scores), each
  attribution's spans tied by relations from its cue (or, with no cue, its source) to the others.

``unspin labelstudio import`` (:mod:`unspin.annotation.labelstudio`) reads an export of the project
back into PTC label files and PolNeAR-style BRAT files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from unspin import __version__
from unspin.document import Document, Span
from unspin.render.palette import TECHNIQUES
from unspin.render.registry import register_renderer
from unspin.render.semeval import semeval_article_id

#: ``from_name`` of the two label sets, and the ``name`` of the text they annotate.
TECHNIQUE_CONTROL = "technique"
ATTRIBUTION_CONTROL = "attribution"
TEXT_OBJECT = "text"
#: Label Studio labels of the attribution roles, by the role names of the ``attributions`` layer.
ROLE_LABELS = {"source": "Source", "cue": "Cue", "content": "Content"}
ROLE_COLOURS = {"Source": "#1971c2", "Cue": "#e8590c", "Content": "#2f9e44"}
#: Metadata copied into ``data`` so an annotator sees what the article is.
DATA_METADATA = ("title", "outlet", "published", "url")


def labelling_config() -> str:
    """The Label Studio labelling config (XML) matching the tasks: 14 technique labels, 3 roles, relations."""
    lines = ["<View>", '  <Header value="$title"/>', '  <Text name="text" value="$text" granularity="symbol"/>']
    lines.append(f'  <Labels name="{TECHNIQUE_CONTROL}" toName="{TEXT_OBJECT}" choice="multiple">')
    for style in TECHNIQUES:
        lines.append(
            f"    <Label value={quoteattr(style.label)} background={quoteattr(style.colour)} "
            f"hint={quoteattr(style.name + ': ' + style.definition)}/>"
        )
    lines.append("  </Labels>")
    lines.append(f'  <Labels name="{ATTRIBUTION_CONTROL}" toName="{TEXT_OBJECT}">')
    for label, colour in ROLE_COLOURS.items():
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(colour)}/>")
    lines.append("  </Labels>")
    lines += ["  <Relations>", '    <Relation value="attribution"/>', "  </Relations>", "</View>"]
    return "\n".join(lines) + "\n"


def labelstudio_task(doc: Document) -> dict[str, Any]:
    """One Label Studio task: the clean text, the article's id and metadata, and unspin's predictions."""
    data: dict[str, Any] = {"text": doc.text, "unspin_id": semeval_article_id(doc), "title": ""}
    for key in DATA_METADATA:
        value = doc.metadata.get(key)
        if isinstance(value, str) and value:
            data[key] = value
    if doc.source.name:
        data["source"] = doc.source.name
    result = _technique_regions(doc) + _attribution_results(doc)
    prediction = {"model_version": f"unspin {__version__}", "result": result}
    return {"data": data, "predictions": [prediction]}


def render_labelstudio(doc: Document) -> str:
    """A JSON list holding the task of ``doc`` (a file Label Studio imports as it is)."""
    return json.dumps([labelstudio_task(doc)], ensure_ascii=False, indent=1) + "\n"


def combine_tasks(renderings: Sequence[str]) -> str:
    """The task lists of several documents as one list: one file for one Label Studio import."""
    tasks = [task for text in renderings for task in json.loads(text)]
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"


def _region(doc: Document, region_id: str, control: str, span: Span, label: str) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": region_id,
        "from_name": control,
        "to_name": TEXT_OBJECT,
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": doc.span_text(span), "labels": [label]},
    }
    if span.score is not None:
        region["score"] = round(float(span.score), 4)
    return region


def _technique_regions(doc: Document) -> list[dict[str, Any]]:
    # Only what a reader is shown by default: hidden spans would be noise for the annotator to delete.
    shown = [s for s in doc.layer("techniques") if s.attrs.get("shown", True) is not False]
    return [_region(doc, f"t{i}", TECHNIQUE_CONTROL, span, span.label) for i, span in enumerate(shown)]


def _attribution_results(doc: Document) -> list[dict[str, Any]]:
    """Regions of every source, cue and content, and the relations tying each attribution together."""
    groups: dict[str, dict[str, list[str]]] = {}
    results: list[dict[str, Any]] = []
    for i, span in enumerate(doc.layer("attributions")):
        label = ROLE_LABELS.get(span.label)
        if label is None:
            continue
        region_id = f"a{i}"
        results.append(_region(doc, region_id, ATTRIBUTION_CONTROL, span, label))
        groups.setdefault(str(span.attrs.get("id")), {}).setdefault(span.label, []).append(region_id)
    for roles in groups.values():
        results += _relations(roles)
    return results


def _relations(roles: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Relations from the attribution's hub (its first cue, else its first source) to each of its other regions."""
    members = [region for role in ("cue", "source", "content") for region in roles.get(role, [])]
    if len(members) < 2:
        return []
    hub, others = members[0], members[1:]
    return [
        {"type": "relation", "from_id": hub, "to_id": other, "direction": "right", "labels": ["attribution"]}
        for other in others
    ]


register_renderer(
    "labelstudio",
    render_labelstudio,
    media_type="application/json",
    extension="json",
    combine=combine_tasks,
)

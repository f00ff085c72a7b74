"""A cheap, deterministic stand-in for the real pipeline, registered as stage ``fake_annotate``.

It fills every layer corpus mode reads (sentences, entities, attributions, claims,
techniques) from keywords, so the corpus tests never need a trained model.  Text
containing ``POISON`` raises, to test the errors table, and ``CRASH`` kills the worker process; ``UNSPIN_FAKE_DELAY``
(seconds) slows each article down, to kill a batch mid-run; ``UNSPIN_FAKE_WORKER_FAIL``
makes the module fail to import in worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time

from unspin.config import Config
from unspin.document import Document, Span
from unspin.pipeline import register

MODEL_VERSION = "fake-1"

if os.environ.get("UNSPIN_FAKE_WORKER_FAIL") and multiprocessing.parent_process() is not None:
    raise RuntimeError("this worker process cannot start")  # a setup broken in workers only

TECHNIQUE_WORDS = {
    "disaster": "Loaded_Language",
    "catastrophic": "Loaded_Language",
    "traitors": "Name_Calling,Labeling",
    "so-called": "Doubt",
    "never in history": "Exaggeration,Minimisation",
    "our great nation": "Flag-Waving",
}
ENTITIES = {"Alice Marsh": "PERSON", "Bob Tran": "PERSON", "Borduria": "GPE", "the Water Ministry": "ORG"}
STANCES = {"said": "neutral", "denied": "denial", "claimed": "distancing", "confirmed": "endorsing"}
ATTRIBUTION = re.compile(
    r"(Alice Marsh|Bob Tran|the Water Ministry|Borduria) (said|denied|claimed|confirmed) that ([^.]+)\."
)


@register("fake_annotate", assigns=("sentences", "entities", "attributions", "claims", "techniques"))
def fake_annotate(doc: Document, config: Config) -> Document:
    if "POISON" in doc.text:
        raise ValueError("poisoned article")
    if "CRASH" in doc.text:
        os._exit(13)  # a worker dying mid-article (only ever used with worker processes)
    delay = float(os.environ.get("UNSPIN_FAKE_DELAY", "0"))
    if delay:
        time.sleep(delay)
    text = doc.text
    sentences = [Span(m.start(), m.end(), "sentence") for m in re.finditer(r"[^.!?\n]+[.!?]", text)]
    doc.set_layer("sentences", sentences)
    doc.set_layer("techniques", _techniques(text))
    doc.set_layer("entities", _entities(text))
    attributions = _attributions(text)
    doc.set_layer("attributions", attributions)
    doc.set_layer("claims", _claims(text, sentences, attributions))
    return doc


def _techniques(text: str) -> list[Span]:
    spans = []
    for word, label in TECHNIQUE_WORDS.items():
        for m in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            attrs = {"reason": f"the phrase {word!r}", "trigger": m.group(0), "definition": label}
            attrs["shown"] = label != "Doubt"  # one technique left out of the default display
            spans.append(Span(m.start(), m.end(), label, 0.9, attrs))
    return spans


def _entities(text: str) -> list[Span]:
    spans = []
    for cluster, (name, label) in enumerate(ENTITIES.items()):
        for m in re.finditer(re.escape(name), text):
            spans.append(Span(m.start(), m.end(), label, None, {"cluster": cluster, "canonical": name}))
    return spans


def _attributions(text: str) -> list[Span]:
    spans = []
    for n, m in enumerate(ATTRIBUTION.finditer(text)):
        attrs = {"id": f"a{n}", "kind": "indirect", "stance": STANCES[m.group(2)], "resolved": m.group(1)}
        for role, group in (("source", 1), ("cue", 2), ("content", 3)):
            spans.append(Span(m.start(group), m.end(group), role, 0.8, attrs))
    return spans


def _claims(text: str, sentences: list[Span], attributions: list[Span]) -> list[Span]:
    claims = []
    for sentence in sentences:
        if not re.search(r"\d", text[sentence.start : sentence.end]):
            continue
        source = next((a for a in attributions if a.label == "source" and sentence.contains(a)), None)
        attrs = {
            "stance": "reported" if source else "asserted",
            "attribution": source.attrs["id"] if source else None,
            "source": source.attrs["resolved"] if source else None,
            "rank": len(claims) + 1,
        }
        claims.append(Span(sentence.start, sentence.end, "claim", 0.8, attrs))
    return claims

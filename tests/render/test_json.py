from __future__ import annotations

import json
from collections.abc import Callable

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.document import SCHEMA_VERSION, Document, Span
from unspin.errors import InputError
from unspin.render import document_from_json, document_to_json, get_renderer, load_schema
from unspin.render.palette import PTC_LABELS

VALIDATOR = jsonschema.Draft202012Validator(load_schema())


def test_schema_is_a_valid_draft_2020_12_schema_of_this_version() -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_full_document_json_matches_golden(full_doc: Document, golden: Callable[[str, str], None]) -> None:
    golden("full.json", get_renderer("json")(full_doc))


def test_contract_keys_in_fixed_order(full_doc: Document) -> None:
    data = document_to_json(full_doc)
    assert list(data) == ["schema_version", "source", "metadata", "text", "layers", "offset_map", "summary", "stages"]
    assert list(data["metadata"])[:3] == ["title", "published", "outlet"]
    assert list(data["metadata"])[-1] == "removed"
    assert list(data["layers"]) == [
        "paragraphs", "sentences", "turns", "entities", "attributions", "claims", "techniques", "title"
    ]  # fmt: skip
    span = data["layers"]["techniques"][0]
    assert list(span) == ["start", "end", "label", "score", "shown", "attrs", "raw_start", "raw_end"]
    assert span["shown"] is span["attrs"]["shown"]  # the display decision beside the score, the same value
    sentence = data["layers"]["sentences"][0]
    assert list(sentence) == ["start", "end", "label", "score", "attrs", "raw_start", "raw_end"]


@pytest.mark.parametrize("include_tokens", [False, True])
def test_output_validates_against_the_schema(full_doc: Document, include_tokens: bool) -> None:
    data = document_to_json(full_doc, include_tokens=include_tokens)
    VALIDATOR.validate(data)
    assert ("tokens" in data["layers"]) is include_tokens


def test_schema_rejects_contract_violations(full_doc: Document) -> None:
    data = document_to_json(full_doc)
    data["layers"]["techniques"][0]["label"] = "Propaganda"
    data["layers"]["claims"][0]["attrs"]["stance"] = "maybe"
    data["metadata"]["removed"][0].pop("reason")
    messages = sorted(e.message for e in VALIDATOR.iter_errors(data))
    assert len(messages) == 3, messages


def test_empty_document_validates(empty_doc: Document) -> None:
    VALIDATOR.validate(document_to_json(empty_doc))


def test_raw_offsets_point_at_the_same_text_in_the_raw_input(full_doc: Document) -> None:
    data = document_to_json(full_doc)
    for span in data["layers"]["techniques"]:
        assert full_doc.raw[span["raw_start"] : span["raw_end"]] == data["text"][span["start"] : span["end"]]
    para = data["layers"]["paragraphs"][0]
    assert (para["raw_start"], para["raw_end"]) != (para["start"], para["end"])  # the cleaner shifted the text


def test_round_trip_keeps_everything(full_doc: Document) -> None:
    data = document_to_json(full_doc, include_tokens=True)
    again = document_from_json(json.loads(json.dumps(data)))
    assert document_to_json(again, include_tokens=True) == data
    assert again.layer("claims")[0].attrs["attribution"] == "a1"
    assert again.removed == full_doc.removed


def test_round_trip_rebuilds_the_raw_input_where_it_can(full_doc: Document) -> None:
    again = document_from_json(document_to_json(full_doc))
    assert len(again.raw) == len(full_doc.raw)
    for piece in full_doc.removed:  # furniture is put back where it was
        assert again.raw[piece.raw_start : piece.raw_end] == piece.text
    span = full_doc.layer("techniques")[0]
    start, end = again.raw_span(span)
    assert again.raw[start:end] == full_doc.raw[start:end]
    assert document_from_json(document_to_json(full_doc, include_raw=True)).raw == full_doc.raw


def test_wrong_schema_version_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"unsupported document schema_version '0.9'.*'1.0'"):
        document_from_json({"schema_version": "0.9"})


def test_malformed_json_is_an_input_error(full_doc: Document) -> None:
    data = document_to_json(full_doc)
    del data["text"]
    with pytest.raises(InputError, match="malformed document JSON"):
        document_from_json(data)


def test_non_json_attribute_values_are_converted() -> None:
    doc = Document("Some text here.")
    doc.set_layer("custom", [Span(0, 4, "x", 0.123456, {"pair": (1, 2), "tags": {"b", "a"}, "nan": float("nan")})])
    span = document_to_json(doc)["layers"]["custom"][0]
    assert span["attrs"] == {"nan": None, "pair": [1, 2], "tags": ["a", "b"]}
    assert span["score"] == 0.1235


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(min_size=0, max_size=60))
    doc = Document(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        score = draw(st.none() | st.floats(0, 1))
        spans.append(Span(a, b, draw(st.sampled_from(PTC_LABELS)), score, {"reason": draw(st.text(max_size=10))}))
    doc.set_layer("techniques", spans)
    return doc


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_document_validates_and_round_trips(doc: Document) -> None:
    data = document_to_json(doc)
    VALIDATOR.validate(data)
    assert document_to_json(document_from_json(json.loads(json.dumps(data)))) == data

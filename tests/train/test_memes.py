"""Meme texts as extra technique data: labels mapped to PTC's 14, packing, ignored regions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.evaluate.techniques import TECHNIQUES
from unspin.train.memes import SEPARATOR, TO_PTC, load_memes


def write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "memes_task2.txt"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def label(text: str, fragment: str, technique: str) -> dict[str, object]:
    start = text.index(fragment)
    return {"start": start, "end": start + len(fragment), "technique": technique, "text_fragment": fragment}


def test_every_meme_label_maps_to_a_ptc_label_or_is_ignored() -> None:
    assert {t for t in TO_PTC.values() if t is not None} <= set(TECHNIQUES)
    assert [m for m, t in TO_PTC.items() if t is None] == [
        "Glittering generalities (Virtue)",
        "Obfuscation, Intentional vagueness, Confusion",
        "Smears",
    ]


def test_memes_are_packed_and_their_offsets_follow(tmp_path: Path) -> None:
    first = "STOP THE CORRUPT COUNCIL"
    second = "What about the mayor's own bridge?\nSmear-free zone"
    records = [
        {"id": "1", "text": first, "labels": [label(first, "CORRUPT", "Loaded Language")]},
        {
            "id": "2",
            "text": second,
            "labels": [
                label(second, "What about the mayor's own bridge?", "Whataboutism"),
                label(second, "Smear-free", "Smears"),
            ],
        },
    ]
    [article] = load_memes(write(tmp_path, records))
    assert article.text == first + SEPARATOR + second
    assert [(t, article.text[s:e]) for t, s, e in article.spans] == [
        ("Loaded_Language", "CORRUPT"),
        ("Whataboutism,Straw_Men,Red_Herring", "What about the mayor's own bridge?"),
    ]
    assert [article.text[s:e] for s, e in article.ignore] == ["Smear-free"]
    two = load_memes(write(tmp_path, records), pack_chars=len(first) + 5)
    assert [a.text for a in two] == [first, second]  # the second would overflow the first pack


def test_unknown_technique_and_bad_file_are_input_errors(tmp_path: Path) -> None:
    text = "Vote now"
    with pytest.raises(InputError, match="unknown meme technique"):
        load_memes(write(tmp_path, [{"id": "1", "text": text, "labels": [label(text, "Vote", "Clickbait")]}]))
    broken = tmp_path / "broken.txt"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read memes"):
        load_memes(broken)

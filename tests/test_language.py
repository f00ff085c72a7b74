"""Language: always named; another language keeps the English-only layers from running, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.api import analyze
from unspin.cli.main import main
from unspin.document import Document
from unspin.language import ENGLISH_ONLY_STAGES, detect_language, set_language
from unspin.render import get_renderer

GERMAN = (
    "Die Regierung hat am Dienstag neue Maßnahmen gegen die steigenden Energiepreise angekündigt. "
    "Der Finanzminister sagte, die Entlastung solle noch vor dem Winter bei den Haushalten ankommen. "
    "Kritiker werfen dem Konzern vor, die Risiken der neuen Pipeline jahrelang verschwiegen zu haben."
)
FRENCH = (
    "Le gouvernement a présenté mercredi un projet de loi visant à réduire la dette publique. "
    "Le ministre de l'Économie a assuré que les retraites ne seraient pas touchées."
)
ENGLISH = (
    "Herr Müller, the chairman of Deutsche Bahn, met the minister in Berlin on Friday; the talks about "
    "the Stuttgart station project ended without an agreement, a spokesman said."
)


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "de"), (FRENCH, "fr"), (ENGLISH, "en")])
def test_detects_the_language_of_a_paragraph(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_a_headline_alone_is_undetermined_unless_the_page_declares_a_language() -> None:
    assert detect_language("Energiepreise steigen weiter").language == "und"
    doc = Document("Energiepreise steigen weiter")
    assert set_language(doc).metadata["language"] == "und" and "out_of_scope" not in doc.metadata
    doc.metadata["language"] = "de-DE"
    set_language(doc)
    assert doc.metadata["language"] == "de" and "not English" in doc.metadata["out_of_scope"]


def test_a_german_article_skips_the_english_only_stages() -> None:
    doc = analyze(GERMAN, until="claims")
    assert doc.metadata["language"] == "de"
    assert not ENGLISH_ONLY_STAGES & set(doc.stages_run)
    assert "segment" in doc.stages_run and not doc.has_layer("attributions") and not doc.has_layer("claims")
    md = get_renderer("md")(doc)
    assert "Out of scope: the text is in language 'de', not English" in md
    assert "Not analysed: the text is in language 'de'" in md  # the claims table says why it is empty
    assert "Out of scope" in get_renderer("html")(doc)


def test_an_english_article_is_in_scope() -> None:
    doc = analyze(ENGLISH, until="clean")
    assert doc.metadata["language"] == "en" and "out_of_scope" not in doc.metadata


def test_the_cli_warns_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "energie.txt"
    article.write_text(GERMAN, encoding="utf-8")
    assert main(["analyze", str(article), "--until", "clean"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("unspin: warning: ") and "energie.txt" in err and "not English" in err


def test_english_is_told_by_its_function_words_without_loading_the_model() -> None:
    from unspin.language import _identifier, english_share

    _identifier.cache_clear()
    found = detect_language(ENGLISH)
    assert found == type(found)("en", None) and english_share(ENGLISH) >= 0.12
    assert _identifier.cache_info().currsize == 0  # the 100 MB n-gram model was not needed
    assert english_share(GERMAN) < 0.12 and english_share(FRENCH) < 0.12
    assert detect_language(GERMAN).probability is not None  # the model named it

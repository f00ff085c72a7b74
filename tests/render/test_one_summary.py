"""One document rendered every way shows the same counts: the summary stage's (issue 16).

JSON, the Markdown report, the HTML report, the web page's data (the REST API's JSON, whose
``summary`` the page's script shows) and the corpus store's row must agree on words,
technique spans, claims, voices and attributed statements.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from unspin.config import Config
from unspin.corpus.inputs import Record
from unspin.corpus.work import article_row
from unspin.document import Document
from unspin.render import get_renderer
from unspin.stages.summary import summary

from .sample_docs import full_document


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _markdown_figures(md: str) -> dict[str, int]:
    line = next(line for line in md.splitlines() if line.startswith("**At a glance:**"))
    found = re.search(
        r"([\d,]+) words · ([\d,]+) technique spans.*· ([\d,]+) check-worthy claims · ([\d,]+) voices "
        r"\(([\d,]+) attributed statements\)",
        line,
    )
    assert found, line
    words, techniques, claims, voices, attributions = (_number(g) for g in found.groups())
    return {"words": words, "techniques": techniques, "claims": claims, "voices": voices, "attributions": attributions}


def _html_figures(html: str) -> dict[str, int]:
    glance = re.search(r'<div class="glance">(.*?)</div></div>', html, re.S)
    assert glance
    figures = dict((name, value) for value, name in re.findall(r"<b>([^<]+)</b><span>([^<]+)</span>", glance.group(0)))
    voices_title = re.search(r"in ([\d,]+) attributed statements", glance.group(0))
    assert voices_title
    return {
        "words": _number(figures["words"]),
        "techniques": _number(figures["technique spans"]),
        "claims": _number(figures["check-worthy claims"]),
        "voices": _number(figures["voices"]),
        "attributions": _number(voices_title.group(1)),
    }


def _summary_figures(summary_json: dict[str, Any]) -> dict[str, int]:
    return {
        "words": summary_json["words"],
        "techniques": summary_json["techniques"],
        "claims": summary_json["claims"],
        "voices": len(summary_json["voices"]),
        "attributions": summary_json["attributions"],
    }


@pytest.fixture
def analysed() -> Document:
    doc = full_document()
    doc.summary = {}
    return summary(doc, Config())


def test_every_output_shows_the_summary_counts(analysed: Document) -> None:
    expected = _summary_figures(analysed.summary)
    # The hand-built article: 77 words, 7 technique spans, 3 claims, 4 attributions by 4 sources.
    assert expected == {"words": 77, "techniques": 7, "claims": 3, "voices": 4, "attributions": 4}

    as_json = json.loads(get_renderer("json")(analysed))
    assert _summary_figures(as_json["summary"]) == expected
    assert _markdown_figures(get_renderer("md")(analysed)) == expected
    assert _html_figures(get_renderer("html")(analysed)) == expected

    row = article_row("k1", Record(id="r1", content=analysed.raw, kind="text", origin="test"), analysed)
    stored = {
        "words": row.words,
        "techniques": len(row.techniques),
        "claims": len(row.claims),
        "voices": len(json.loads(row.doc_json)["summary"]["voices"]),
        "attributions": len(row.attributions),
    }
    assert stored == expected


def test_the_web_page_reads_its_figures_from_the_summary() -> None:
    """The page shows the HTML report's own body (its figures come from ``doc.summary``, see ``glance``) and
    its script never recounts words or voices from the layers."""
    from importlib import resources

    script = (resources.files("unspin.server") / "static" / "app.js").read_text(encoding="utf-8")
    assert "bundle.fragment" in script and "summary" not in script
    assert "match(/\\S+/g)" not in script  # the old whitespace word count (915 against the summary's 937)


def test_a_report_of_a_partial_run_computes_the_figures_as_the_stage_would() -> None:
    """``--until segment``: no summary stage ran, and the reports still show the stage's word count."""
    doc = full_document()
    doc.summary = {}
    md = get_renderer("md")(doc)
    assert "77 words" in md
    assert "– check-worthy claims" not in md  # the claims layer exists: it is counted, not dashed

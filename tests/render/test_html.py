from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.document import Document, Span
from unspin.render import document_to_json, get_renderer
from unspin.render.html_report import embed_json, safe_href
from unspin.render.palette import PTC_LABELS, technique_style

render_html = get_renderer("html")


class _Page(HTMLParser):
    """Collects every tag with its attributes, script bodies, and the article's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._depth = 0  # >0 while inside <article>
        self._skip = 0  # >0 inside synthetic speaker badges and claim links
        self.article: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append((tag, attr))
        if tag == "script":
            self._script = attr
            self.scripts.append((attr, ""))
        if tag == "article":
            self._depth = 1
        elif self._depth:
            self._depth += 1
            classes = (attr.get("class") or "").split()
            if self._skip or {"synthetic", "claim-ref", "empty"} & set(classes):
                self._skip += 1
        if tag == "p" and self._depth and self.article:
            self.article.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        if self._depth:
            self._depth -= 1
            if self._skip:
                self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attr, body = self.scripts[-1]
            self.scripts[-1] = (attr, body + data)
        elif self._depth and not self._skip:
            self.article.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_full_report_matches_golden(full_doc: Document, golden: Callable[[str, str], None]) -> None:
    golden("full.html", render_html(full_doc))


def test_empty_report_matches_golden(empty_doc: Document, golden: Callable[[str, str], None]) -> None:
    page = render_html(empty_doc)
    golden("empty.html", page)
    assert "No persuasion techniques were found." in page
    assert "The cleaner removed nothing from the input." in page


def test_report_is_self_contained(full_doc: Document) -> None:
    page = parse(render_html(full_doc))
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        assert not (tag == "script" and "src" in attrs)
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            assert (not value.startswith("//") and not re.match(r"(?i)https?:", value)) or tag == "a", (tag, value)


def test_article_text_is_shown_whole_and_in_order(full_doc: Document) -> None:
    page = parse(render_html(full_doc))
    shown = "".join(page.article)
    assert shown.split() == full_doc.text.split()


def test_overlapping_techniques_are_stacked_in_one_segment(full_doc: Document) -> None:
    page = render_html(full_doc)
    techniques = full_doc.layer("techniques")
    both = [
        i
        for i, s in enumerate(techniques)
        if s.label in ("Bandwagon,Reductio_ad_hitlerum", "Exaggeration,Minimisation")
    ]
    segment = re.search(rf'<span class="t[^"]*" data-t="{both[0]} {both[1]}" style="([^"]+)"[^>]*>doomed</span>', page)
    assert segment, "the overlap 'doomed' should carry both technique indices"
    style = segment.group(1)
    assert "linear-gradient" in style
    for label in ("Bandwagon,Reductio_ad_hitlerum", "Exaggeration,Minimisation"):
        assert technique_style(label).colour in style


def test_legend_counts_each_technique_and_lists_all_fourteen(full_doc: Document) -> None:
    page = parse(render_html(full_doc))
    boxes = [a for t, a in page.tags if t == "input" and "tech-filter" in (a.get("class") or "")]
    assert [b["data-label"] for b in boxes] == list(PTC_LABELS)
    assert len({technique_style(label).colour for label in PTC_LABELS}) == 14
    html_text = render_html(full_doc)
    assert re.search(r"Name calling / labeling</span><span class=\"count\">2<", html_text)


def test_hover_text_has_reason_score_and_definition(full_doc: Document) -> None:
    page = parse(render_html(full_doc))
    titles = [a.get("title") or "" for t, a in page.tags if t == "span" and "data-t" in a]
    loaded = next(t for t in titles if "Loaded language (0.82)" in t)
    assert "The words 'reckless gamble' suggest loaded language." in loaded
    assert "Definition: Uses words with strong emotional connotations" in loaded


def test_claims_voices_and_removed_tables(full_doc: Document) -> None:
    page = render_html(full_doc)
    claims = page[page.index('id="claims"') : page.index('id="voices"')]
    rows = re.findall(r'<tr id="claim-(\d+)">', claims)
    assert rows == ["1", "2", "3"]
    assert '<q class="cue">denies</q>' in claims and "stance-denial" in claims
    voices = page[page.index('id="voices"') : page.index('id="techniques"')]
    assert re.search(r"<td>Amir Haddad</td><td class=num>1</td>.*?17</td>", voices)
    removed = page[page.index('id="removed"') :]
    for piece in full_doc.removed:
        assert f"{piece.raw_start}–{piece.raw_end}" in removed and piece.text in removed


def test_interview_turns_show_speaker_labels(full_doc: Document) -> None:
    page = render_html(full_doc)
    assert '<p class="para turn-question turn-start"' in page
    assert re.search(r'<span class="speaker role-interviewee">.*?Haddad.*?</span></span>:', page, re.DOTALL)


def test_interview_answers_are_not_underlined_as_quotes(full_doc: Document) -> None:
    page = render_html(full_doc)
    answer = page[page.index('<p class="para turn-answer') :]
    answer = answer[: answer.index("</p>")]
    assert "a-content" not in answer and "a-source" not in answer
    assert "Everyone knows" in answer
    critics = page[page.index("Critics") - 200 : page.index("Critics")]
    assert 'class="a-source"' in critics  # reported speech outside interviews still is


def test_embedded_json_is_the_document_json(full_doc: Document) -> None:
    page = parse(render_html(full_doc))
    data = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    assert len(data) == 1
    assert json.loads(data[0]) == document_to_json(full_doc)


def test_hostile_input_stays_inert(hostile_doc: Document) -> None:
    raw_page = render_html(hostile_doc)
    page = parse(raw_page)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "unspin-data"}, {}], "only the report's own two scripts"
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), (tag, attrs)
        assert tag not in ("img", "svg", "i", "u"), tag
    embedded = next(body for attrs, body in page.scripts if attrs.get("id") == "unspin-data")
    assert "<" not in embedded and json.loads(embedded) == document_to_json(hostile_doc)
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in raw_page
    assert "".join(page.article).split() == hostile_doc.text.split()


def test_embed_json_cannot_close_its_script_tag() -> None:
    text = embed_json({"x": "</script><!-- <script>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><!-- <script>&amp;"}


def test_only_http_links_are_clickable() -> None:
    assert safe_href(" https://example.org/a ") == "https://example.org/a"
    for url in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "//evil.example", "[::"):
        assert safe_href(url) is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab <>&\"'\n."), max_size=40), st.data())
def test_any_spans_keep_the_text_whole_and_escaped(text: str, data: st.DataObject) -> None:
    doc = Document(text)
    spans = []
    for _ in range(data.draw(st.integers(0, 5))):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, len(text)))
        spans.append(Span(a, b, data.draw(st.sampled_from(PTC_LABELS)), 0.5, {"reason": "r"}))
    doc.set_layer("techniques", spans)
    doc.set_layer("entities", spans[:1] and [Span(spans[0].start, spans[0].end, "ORG")])
    page = parse(render_html(doc))
    assert "".join(page.article).split() == text.split()
    assert not [t for t, _ in page.tags if t not in _REPORT_TAGS]


_REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p", "ul", "li", "a",
    "main", "aside", "label", "input", "span", "button", "article", "section", "table", "thead", "tbody", "tr",
    "th", "td", "code", "footer", "script", "pre", "q", "time", "b",
}  # fmt: skip


def test_definition_is_not_repeated_when_the_reason_quotes_it() -> None:
    doc = Document("A shameful betrayal.")
    reason = "Loaded language: Uses emotional words. Triggered by “shameful”."
    attrs = {"reason": reason, "definition": "Uses emotional words."}
    doc.set_layer("techniques", [Span(2, 19, "Loaded_Language", 0.9, attrs)])
    page = parse(render_html(doc))
    [title] = [a["title"] for t, a in page.tags if t == "span" and "data-t" in a]
    assert title.count("Uses emotional words.") == 1


def test_legend_counts_what_is_shown_and_the_rest_behind_the_toggle() -> None:
    doc = Document("A shameful betrayal by a corrupt elite.")
    shown = Span(2, 10, "Loaded_Language", 0.9, {"shown": True})
    low = Span(25, 38, "Loaded_Language", 0.3, {"shown": False})
    doc.set_layer("techniques", [shown, low])
    html_text = render_html(doc)
    legend = r"Loaded language</span><span class=\"count\">1</span><span class=\"count-low\"[^>]*>\+1<"
    assert re.search(legend, html_text)
    assert "Show lower-confidence flags (1)" in html_text

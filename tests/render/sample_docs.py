"""Hand-built Documents for the renderer tests (our own made-up article; no third-party text)."""

from __future__ import annotations

import re

from unspin.document import Document, Removed, Source, Span
from unspin.offsets import TextBuilder
from unspin.stages.summary import compute_summary

RAW = (
    "09:15 GMT 03 March 2025\n"
    "Listen Live\n"
    "River dam deal collapses as minister blames “foreign saboteurs”\r\n"
    "\r\n"
    "The Northland energy minister, Clara Voss, said on Monday that the dam deal had failed because of "
    "“foreign saboteurs”. The neighbouring government denies any interference.\r\n"
    "\r\n"
    "Critics called the plan a reckless gamble with the nation’s water & power <at any cost>.\r\n"
    "\r\n"
    "Reporter: Who is to blame for the collapse?\r\n"
    "\r\n"
    "Dr Amir Haddad: Everyone knows the deal was doomed from the start. "
    "The ministry spent 40 million euros on consultants.\r\n"
    "Get short URL\n"
    "Tags: energy, water\n"
)


def find(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(sub, pos + 1)
    return pos, pos + len(sub)


def _clean(raw: str) -> Document:
    """Mimic the cleaner: drop furniture lines, write CRLF as LF, keep the body verbatim."""
    doc = Document(raw, Source(kind="text", name="dam-deal.txt"))
    builder = TextBuilder(raw)
    removed, pos = [], 0
    for line_end in [i + 1 for i, ch in enumerate(raw) if ch == "\n"]:
        line = raw[pos:line_end]
        body = line.rstrip("\r\n")
        reason = _furniture(body)
        if reason:
            removed.append(Removed(pos, pos + len(body), body, reason))
        else:
            builder.copy(pos, pos + len(body))
            if line.endswith("\r\n"):
                builder.write("\n", pos + len(body), line_end)
            else:
                builder.copy(pos + len(body), line_end)
        pos = line_end
    text, offsets = builder.build()
    doc.set_clean_text(text, offsets)
    doc.removed = removed
    return doc


def _furniture(line: str) -> str:
    if line.startswith("09:15"):
        return "timestamp"
    if line in ("Listen Live", "Get short URL"):
        return "page furniture"
    if line.startswith("Tags:"):
        return "tag line"
    return ""


def _span(doc: Document, sub: str, label: str, nth: int = 0, score: float | None = None, **attrs: object) -> Span:
    start, end = find(doc.text, sub, nth)
    return Span(start, end, label, score, attrs)


def full_document() -> Document:
    """A document with every layer of the output contract populated, overlaps included."""
    doc = _clean(RAW)
    doc.metadata = {
        "title": "River dam deal collapses as minister blames “foreign saboteurs”",
        "published": "2025-03-03T09:15:00+00:00",
        "outlet": "Example Wire",
        "authors": ["Jo Example"],
        "url": "https://example.org/news/dam-deal",
        "language": "en",
        "tags": ["energy", "water"],
        "related": ["Dam water levels fall to a record low"],
        "disclaimers": ["The views expressed are the speaker’s own."],
    }
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    doc.set_layer("paragraphs", [_span(doc, p.strip(), "paragraph") for p in paragraphs])
    doc.set_layer("title", [_span(doc, doc.metadata["title"], "title")])
    doc.set_layer("sentences", _sentences(doc))
    # Words and punctuation marks, as spaCy tokenises (the summary counts the tokens with a letter or digit).
    doc.set_layer(
        "tokens", [Span(m.start(), m.end(), "token") for m in re.finditer(r"\w+(?:['’]\w+)*|[^\w\s]", doc.text)]
    )
    doc.set_layer("turns", _turns(doc))
    doc.set_layer(
        "entities",
        [
            _span(doc, "Northland", "GPE", cluster=0, canonical="Northland"),
            _span(doc, "Clara Voss", "PERSON", cluster=1, canonical="Clara Voss"),
            _span(doc, "Amir Haddad", "PERSON", cluster=2, canonical="Amir Haddad"),
        ],
    )
    doc.set_layer("attributions", _attributions(doc))
    doc.set_layer("claims", _claims(doc))
    doc.set_layer("techniques", _techniques(doc))
    doc.summary = compute_summary(doc)  # the summary stage's own figures, as every renderer shows them
    doc.stages_run = ["clean", "segment", "structure", "entities", "attribution", "claims", "techniques", "summary"]
    return doc


def _sentences(doc: Document) -> list[Span]:
    spans = []
    for n, sub in enumerate(
        [
            "River dam deal collapses as minister blames “foreign saboteurs”",
            "The Northland energy minister, Clara Voss, said on Monday that the dam deal had failed because of "
            "“foreign saboteurs”.",
            "The neighbouring government denies any interference.",
            "Critics called the plan a reckless gamble with the nation’s water & power <at any cost>.",
            "Reporter: Who is to blame for the collapse?",
            "Dr Amir Haddad: Everyone knows the deal was doomed from the start.",
            "The ministry spent 40 million euros on consultants.",
        ]
    ):
        spans.append(_span(doc, sub, "sentence", paragraph=[0, 1, 1, 2, 3, 4, 4][n]))
    return spans


def _turns(doc: Document) -> list[Span]:
    q_start, q_end = find(doc.text, "Reporter: Who is to blame for the collapse?")
    a_start, a_end = find(doc.text, "Dr Amir Haddad: Everyone knows")
    a_end = find(doc.text, "consultants.")[1]
    return [
        Span(
            q_start,
            q_end,
            "question",
            None,
            {
                "speaker": "Reporter",
                "role": "interviewer",
                "speaker_start": q_start,
                "speaker_end": q_start + 8,
                "turn": 0,
            },
        ),
        Span(
            a_start,
            a_end,
            "answer",
            None,
            {
                "speaker": "Dr Amir Haddad",
                "role": "interviewee",
                "speaker_start": a_start,
                "speaker_end": a_start + 14,
                "turn": 1,
            },
        ),
    ]


def _attributions(doc: Document) -> list[Span]:
    def att(ident: str, kind: str, stance: str, resolved: str | None, cluster: int | None, **roles: str) -> list[Span]:
        common = {"id": ident, "kind": kind, "stance": stance, "resolved": resolved, "cluster": cluster}
        return [_span(doc, sub, role, score=0.9, **common) for role, sub in roles.items()]

    return [
        *att(
            "a1",
            "indirect",
            "neutral",
            "Clara Voss",
            1,
            source="The Northland energy minister, Clara Voss",
            cue="said",
            content="the dam deal had failed because of “foreign saboteurs”",
        ),
        *att(
            "a2",
            "indirect",
            "denial",
            "Southland government",
            None,
            source="The neighbouring government",
            cue="denies",
            content="any interference",
        ),
        *att(
            "a3",
            "mixed",
            "distancing",
            None,
            None,
            source="Critics",
            cue="called",
            content="the plan a reckless gamble with the nation’s water & power <at any cost>",
        ),
        *att(
            "a4",
            "interview_answer",
            "neutral",
            "Amir Haddad",
            2,
            source="Dr Amir Haddad",
            content="Everyone knows the deal was doomed from the start. The ministry spent 40 million euros on "
            "consultants.",
        ),
    ]


def _claims(doc: Document) -> list[Span]:
    return [
        _span(
            doc,
            "the dam deal had failed because of “foreign saboteurs”",
            "claim",
            score=0.91,
            stance="reported",
            attribution="a1",
            source="Clara Voss",
            rank=1,
            disputed_by=[{"attribution": "a2", "source": "Southland government", "cue": "denies"}],
        ),
        _span(
            doc,
            "The ministry spent 40 million euros on consultants.",
            "claim",
            score=0.84,
            stance="asserted",
            attribution="a4",
            source="Amir Haddad",
            rank=2,
        ),
        _span(
            doc,
            "The neighbouring government denies any interference.",
            "claim",
            score=0.55,
            stance="denied",
            attribution="a2",
            source="Southland government",
            rank=3,
        ),
    ]


def _techniques(doc: Document) -> list[Span]:
    def tech(sub: str, label: str, score: float, nth: int = 0) -> Span:
        reason = f"The words {sub.strip('“”')!r} suggest {label.split(',')[0].replace('_', ' ').lower()}."
        # Below 0.5 a span is a lower-confidence flag, as a model's display rule could make it.
        return _span(doc, sub, label, nth, score, reason=reason, trigger=sub, shown=score >= 0.5)

    return [
        tech("“foreign saboteurs”", "Name_Calling,Labeling", 0.88, nth=0),
        tech("failed because of “foreign saboteurs”", "Causal_Oversimplification", 0.47),
        tech("“foreign saboteurs”", "Name_Calling,Labeling", 0.93, nth=1),
        tech("reckless gamble", "Loaded_Language", 0.82),
        tech("a reckless gamble with the nation’s water", "Appeal_to_fear-prejudice", 0.51),
        tech("Everyone knows the deal was doomed", "Bandwagon,Reductio_ad_hitlerum", 0.63),
        tech("doomed from the start", "Exaggeration,Minimisation", 0.58),
    ]


def empty_document() -> Document:
    """A document where every contract layer exists but is empty (and no metadata was found)."""
    doc = Document("Just one short line of text.", Source(kind="stdin"))
    for name in ("paragraphs", "sentences", "turns", "entities", "attributions", "claims", "techniques"):
        doc.set_layer(name, [])
    return doc


HOSTILE = (
    "Click <a href=\"javascript:alert('x')\">here</a> now. <script>alert('pwned')</script>\n\n"
    "<img src=x onerror=alert(1)> and </script><script>alert(2)</script> and <!-- comment --> "
    "and \u2028 line separator and \"quotes\" & 'apostrophes' onmouseover=alert(3)"
)


def hostile_document() -> Document:
    """Article text, metadata and removed pieces full of markup that must stay inert."""
    doc = Document(HOSTILE, Source(kind="html", url="javascript:alert('src')"))
    doc.metadata = {
        "title": "<script>alert('title')</script>",
        "url": "javascript:alert('url')",
        "outlet": "<b onmouseover=alert(4)>Outlet</b>",
        "authors": ["<img src=x onerror=alert(5)>"],
        "tags": ["<svg onload=alert(6)>"],
    }
    doc.removed = [Removed(0, 5, "<script>alert('removed')</script>", "<i onclick=alert(7)>reason</i>")]
    s, e = find(doc.text, "<script>alert('pwned')</script>")
    doc.set_layer(
        "techniques",
        [
            Span(
                s,
                e,
                "Loaded_Language",
                0.5,
                {"reason": "</script><img src=x onerror=alert('reason')>", "definition": "x"},
            )
        ],
    )
    s2, e2 = find(doc.text, "<img src=x onerror=alert(1)>")
    doc.set_layer("attributions", [Span(s2, e2, "source", 0.5, {"id": "<b>", "kind": "direct", "stance": "neutral"})])
    doc.set_layer("claims", [Span(s2, e2, "claim", 0.7, {"rank": 1, "stance": "asserted", "source": "<u onclick=x>"})])
    return doc

"""The cleaner: lift page furniture out of scraped text, keep every body paragraph.

Works line by line.  Each line is first judged on its own (timestamps, UI strings,
bylines, disclaimers, copyright, "Related:" blocks, "Tags:" lines); then the tail
of the page, where sites put headline lists and keyword lines, is read as a block.
Kept lines are rebuilt with a :class:`~unspin.offsets.TextBuilder`: copied
verbatim, except for line breaks (paragraphs become exactly ``"\\n\\n"``), no-break
spaces (written as one space) and invisible characters (dropped).  Every line
lifted out is listed in ``Document.removed`` with its reason, and what it says
(published time, authors, outlet, tags, related headlines, disclaimers) goes into
the metadata.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from unspin.clean import furniture
from unspin.clean.dates import parse_dateline
from unspin.clean.lines import Line, split_lines
from unspin.document import Document, Removed
from unspin.errors import InputError
from unspin.offsets import TextBuilder

#: A tail block of headline-like lines counts as "related" from this many lines (or after a heading).
MIN_RELATED_RUN = 2
#: Lines longer than this are never taken for furniture (disclaimers are the longest kind).
MAX_FURNITURE_CHARS = 400
#: Title lines are at most this many words.
MAX_TITLE_WORDS = 25

_NBSP_RUN = re.compile(r"[ \u00a0\u2007\u202f]*[\u00a0\u2007\u202f][ \u00a0\u2007\u202f]*")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
#: A speaker label opening a line: one to four capitalised words and a colon ("Tim Anderson: ").
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}: ")
_REWRITE = re.compile(f"{_NBSP_RUN.pattern}|{_INVISIBLE.pattern}")


def clean_document(doc: Document) -> Document:
    """Clean ``doc.raw`` into ``doc.text`` with its offset map, metadata and removed pieces."""
    lines = split_lines(doc.raw)
    body = [line for line in lines if not line.blank]
    if not body:
        raise InputError("the input has no text: it is empty or only whitespace")
    for line in body:
        _classify_line(line)
    _mark_section_kicker(body)
    _mark_byline_role(body)
    _mark_page_furniture(body, doc.cache.get("kept_furniture", []))
    _mark_related_blocks(body)
    _classify_tail(body)
    kept = [line for line in body if line.kind == "body"]
    if not kept:
        reasons = sorted({line.kind for line in body})
        raise InputError(f"no article text left: every line is page furniture ({', '.join(reasons)})")
    title = _title_line(lines, kept)
    text, offsets = _build(doc.raw, lines, kept, title)
    doc.set_clean_text(text, offsets)
    doc.removed.extend(Removed(line.start, line.end, line.text, line.kind) for line in body if line.kind != "body")
    doc.removed.sort(key=lambda r: r.raw_start)  # an HTML reader's left-out blocks among the cleaner's lines
    _fill_metadata(doc, body, kept, title)
    return doc


# -- judging lines ------------------------------------------------------------


def _classify_line(line: Line) -> None:
    """Judge one line on its own text."""
    text = line.text
    if len(text) > MAX_FURNITURE_CHARS:
        return  # furniture lines are short; long lines are body text
    dateline = parse_dateline(text) if any(ch.isdigit() for ch in text) else None
    if dateline is not None:
        line.kind, line.value = "timestamp", dateline
    elif furniture.is_ui(text) or furniture.is_house_line(text) or furniture.is_navigation(text):
        line.kind = "ui"
    elif furniture.is_caption(text):
        line.kind = "caption"
    elif (found := furniture.byline(text)) is not None:
        line.kind, line.value = "byline", found
    elif furniture.is_credits(text):
        line.kind = "credits"
    elif furniture.is_disclaimer(text):
        line.kind, line.value = "disclaimer", furniture.disclaimer_outlet(text)
    elif (outlet := furniture.copyright_outlet(text)) is not None:
        line.kind, line.value = "copyright", outlet[0]
    elif (headline := furniture.related_heading(text)) is not None:
        line.kind, line.value = "related", headline or None
    elif (tags := furniture.tags_of(text, in_tail=False)) is not None:
        line.kind, line.value = "tags", tags


_KICKER = re.compile(r"[A-Z][A-Z&'’-]*(?: [A-Z][A-Z&'’-]*){0,2}")
#: A section label on a line of its own at the top ("Opinion" under the byline), in any case.
_SECTION_LABEL = re.compile(
    r"(?:opinion|analysis|comment|commentary|editorial|op-ed|perspective|column|viewpoint|explainer|"
    r"world|politics|business|sport|sports|news|features?|culture|science|health|technology)\s*:?",
    re.IGNORECASE,
)


def _mark_section_kicker(body: list[Line]) -> None:
    """A section name in capitals just above the headline ("WORLD", "US POLITICS") is the site's, not the
    article's: without this it is taken for the title, and the headline for the lead.  So is a known
    section label alone on a line near the top ("Opinion" under the byline), in any case."""
    kept = [line for line in body if line.kind == "body"][:4]
    if (
        len(kept) >= 2
        and _KICKER.fullmatch(kept[0].text)
        and furniture.is_headline(kept[1].text, require_title_case=False)
    ):
        kept[0].kind = "ui"
    for line in kept[:-1]:  # never the last line left: an article is more than its label
        if _SECTION_LABEL.fullmatch(line.text.strip()):
            line.kind = "ui"


def _mark_byline_role(body: list[Line]) -> None:
    """The writer's job on the line under a byline ("By Hannah Lowe" / "Health correspondent") belongs
    to the byline, not to the article (it names no second author)."""
    for line, below in itertools.pairwise(body):
        if line.kind == "byline" and below.kind == "body" and furniture.is_job_title(below.text):
            below.kind, below.value = "byline", ([], None)


def _mark_page_furniture(body: list[Line], pieces: list[Removed]) -> None:
    """Lines the HTML reader found inside furniture the extractor kept (a ``<figcaption>`` in an answer)."""
    for piece in pieces:
        for line in body:
            overlap = min(line.end, piece.raw_end) - max(line.start, piece.raw_start)
            if line.kind == "body" and overlap * 2 >= line.end - line.start:
                line.kind = piece.reason


def _mark_related_blocks(body: list[Line]) -> None:
    """After a bare "Related:" / "Read more" heading, the headline lines that follow are related too."""
    in_block = False
    for line in body:
        if line.kind == "related":
            in_block = line.value is None
        elif in_block and line.kind == "body" and furniture.is_headline(line.text, require_title_case=False):
            line.kind, line.value = "related", line.text
        else:
            in_block = False


def _classify_tail(body: list[Line]) -> None:
    """Read the end of the page: keyword lines are tags, a run of headlines is a related list."""
    tail: list[Line] = []
    first_body = next(line.index for line in body if line.kind == "body") if _any_body(body) else -1
    for line in reversed(body):
        if line.index <= first_body:
            break  # never eat the first kept line: it is the title or the lead
        if line.kind != "body" or furniture.tags_of(line.text, in_tail=True) or furniture.is_headline(line.text):
            tail.append(line)
        else:
            break
    headlines = {line.index for line in tail if line.kind == "body" and furniture.is_headline(line.text)}
    has_heading = any(line.kind == "related" for line in tail)
    for line in tail:
        if line.kind != "body":
            continue
        tags = furniture.tags_of(line.text, in_tail=True)
        if tags is not None and line.index not in headlines:
            line.kind, line.value = "tags", tags
        elif line.index in headlines and (len(headlines) >= MIN_RELATED_RUN or has_heading):
            line.kind, line.value = "related", line.text


def _any_body(body: list[Line]) -> bool:
    return any(line.kind == "body" for line in body)


def _title_line(lines: list[Line], kept: list[Line]) -> Line | None:
    """The first kept line when it reads as a headline.

    Unpunctuated short lines always do; a line ending in "?" or "!" (or a short
    title-cased one ending in ".") does when it stands alone, a blank line after it.
    """
    first = kept[0]
    words = first.text.split()
    if len(kept) < 2 or len(words) > MAX_TITLE_WORDS or len(first.text) > 200:
        return None
    kicker = first.text.split(":", 1)[0].lower() in furniture.HEADLINE_KICKERS
    if not kicker and _SPEAKER.match(first.text) and any(_SPEAKER.match(line.text) for line in kept[1:4]):
        return None  # the first turn of a transcript ("Host: Why now?"), not a headline
    if furniture.is_headline(first.text, require_title_case=False):
        return first
    stands_alone = any(lines[i].blank for i in range(first.index + 1, kept[1].index))
    if not stands_alone or not furniture.is_headline(first.text.rstrip("?!.\"'”’"), require_title_case=False):
        return None
    if first.text.rstrip("\"'”’").endswith(("?", "!")):
        return first
    short_and_titled = len(words) <= 12 and furniture.is_headline(first.text.rstrip("."))
    return first if short_and_titled else None


# -- building the clean text ----------------------------------------------------


def _build(raw: str, lines: list[Line], kept: list[Line], title: Line | None) -> tuple[str, Any]:
    builder = TextBuilder(raw)
    previous: Line | None = None
    for line in kept:
        if previous is not None:
            blank_between = any(lines[i].blank for i in range(previous.index + 1, line.index))
            separator = "\n\n" if blank_between or previous is title else "\n"
            _separate(builder, raw, previous.end, line.start, separator)
        _copy_line(builder, raw, line.start, line.end)
        previous = line
    return builder.build()


def _separate(builder: TextBuilder, raw: str, start: int, end: int, separator: str) -> None:
    """Copy the raw gap when it already is ``separator``; otherwise write ``separator`` for it."""
    if raw[start:end] == separator:
        builder.copy(start, end)
    else:
        builder.write(separator, start, end)


def _copy_line(builder: TextBuilder, raw: str, start: int, end: int) -> None:
    """Copy a line verbatim, writing no-break space runs as one space and dropping invisible characters."""
    pos = start
    for match in _REWRITE.finditer(raw, start, end):
        builder.copy(pos, match.start())
        if _NBSP_RUN.fullmatch(match.group()):
            builder.write(" ", match.start(), match.end())
        pos = match.end()
    builder.copy(pos, end)


# -- metadata -------------------------------------------------------------------


def _fill_metadata(doc: Document, body: list[Line], kept: list[Line], title: Line | None) -> None:
    """Record what the furniture said; values a reader already found (HTML metadata) win."""
    meta = doc.metadata
    if title is not None:
        meta.setdefault("title", doc.text.split("\n", 1)[0])  # the title's clean text (no-break spaces rewritten)
    published, updated = _published(body)
    if published:
        meta.setdefault("published", published)
    if updated and updated != published:
        meta.setdefault("updated", updated)
    authors = _unique(name for line in body if line.kind == "byline" for name in line.value[0])
    if authors:
        meta.setdefault("authors", authors)
    outlet = _outlet(body, kept)
    if outlet:
        meta.setdefault("outlet", outlet)
    for key, kind in (("related", "related"), ("disclaimers", "disclaimer")):
        texts = (line.value if kind == "related" else line.text for line in body if line.kind == kind)
        values = _unique(_one_line(v) for v in texts if v)
        if values:
            meta.setdefault(key, values)
    tags = _unique(_one_line(tag) for line in body if line.kind == "tags" for tag in line.value)
    if tags:
        meta.setdefault("tags", tags)


def _published(body: list[Line]) -> tuple[str | None, str | None]:
    """(published, updated): the first plain timestamp, else the first "Updated" one, and the update."""
    stamps = [line.value for line in body if line.kind == "timestamp"]
    first = next((s for s in stamps if not s.updated), None) or (stamps[0] if stamps else None)
    update = next((s for s in stamps if s.updated), None)
    return (first.iso if first else None), (update.iso if update else None)


def _outlet(body: list[Line], kept: list[Line]) -> str | None:
    """The outlet, from the most to the least explicit statement of it."""
    for kind in ("disclaimer", "copyright"):
        for line in body:
            if line.kind == kind and line.value:
                return str(line.value)
    for line in kept[:3]:
        wire = furniture.wire_outlet(line.text)
        if wire:
            return wire
    for line in body:
        if line.kind == "byline" and line.value[1]:
            return str(line.value[1])
    return None


def _one_line(text: str) -> str:
    """Metadata text with every whitespace run (no-break spaces included) as one space."""
    return " ".join(text.split())


def _unique(values: Any) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen

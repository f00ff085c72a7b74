"""An HTML page's metadata: what the page says of itself, checked before it is believed.

trafilatura's metadata is a good start and often wrong in ways a reader spots at once:
an outlet, a place or a date fragment as the author ("CBS News February 3", "BBC News",
"New York"), a CMS name as the title ("escenic"), the outlet glued to the title
("Senate passes bill - CBS News"), comma-joined tags as one tag, and a date where the
page gave the time too.  This module reads the page's own statements (JSON-LD
``NewsArticle`` objects, Open Graph and ``article:`` meta tags, ``<time datetime>``),
prefers them, and passes every value through the same checks: a value that fails is
dropped rather than shown, since no author is better than a wrong one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import lxml.html
from lxml.etree import LxmlError

from unspin.resources import word_list

#: Publishing systems whose name pages put where a title or outlet belongs.
CMS_NAMES = frozenset(
    {
        "escenic", "wordpress", "drupal", "joomla", "arc publishing", "arc xp", "brightspot", "ghost",
        "typo3", "sitecore", "contentful", "wix", "squarespace", "blogger", "medium", "tumblr", "craft cms",
        "polopoly", "methode", "eidos", "hugo", "jekyll", "next.js", "gatsby", "blox", "townnews", "newscred",
        "adobe experience manager", "aem", "sophi", "naviga", "atex", "woodwing", "clay", "chorus",
    }
)  # fmt: skip
#: Words that make a byline name a desk rather than a person ("Reuters Staff", "CNN Wire").
_DESK_WORDS = frozenset({"staff", "news", "desk", "team", "wire", "wires", "editors", "editor", "reporters", "service"})
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
#: A date or time fragment trailing a byline: "February 3, 2024 / 5:05 PM EST", "Updated", "Published 10:15".
_TRAILING_DATE = re.compile(
    rf"\s*(?:[,|/·•–—-]\s*)?\b(?:(?:updated|published|posted)\b.*|(?:{_MONTHS})\b.*|\d.*)$", re.I
)
#: US states and big cities that bylines and datelines carry, beside the shipped places list.
_MORE_PLACES = frozenset(
    {
        "new york", "los angeles", "chicago", "houston", "san francisco", "boston", "miami", "atlanta", "seattle",
        "dallas", "detroit", "philadelphia", "denver", "hong kong", "singapore", "mumbai", "new delhi", "sydney",
        "toronto", "california", "texas", "florida", "ohio", "new jersey", "virginia", "england", "scotland",
    }
)  # fmt: skip
_VOWEL = re.compile(r"[aeiouyàáâäãåèéêëìíîïòóôöõùúûüýÿ]", re.I)
_OUTLET_SUFFIX = re.compile(r"^(?P<title>.+?)\s+(?:[|–—-]|::|»)\s+(?P<tail>[^|–—»]{2,60})$")
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"})


def _plain(text: str) -> str:
    """One line of printable text: control characters and whitespace runs become one space."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _outlets(page_outlet: str | None) -> set[str]:
    names = {_key(n) for n in word_list("outlets")}
    if page_outlet:
        names.add(_key(page_outlet))
    return names


def _places() -> set[str]:
    return {_key(p.removeprefix("LOC:")) for p in word_list("places")} | _MORE_PLACES


def is_cms_name(text: str) -> bool:
    return _key(text) in CMS_NAMES


def clean_outlet(value: Any) -> str | None:
    """An outlet name, or None for a CMS name, a URL or an empty value."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _plain(value)
    if not text or is_cms_name(text) or re.match(r"https?://", text) or len(text) > 80:
        return None
    return text


def clean_title(value: Any, outlet: str | None) -> str | None:
    """The headline without an outlet glued on ("Bill passes - CBS News"); None for a CMS or outlet name."""
    if not isinstance(value, str) or not value.strip():
        return None
    title = _plain(value)
    outlets = _outlets(outlet)
    match = _OUTLET_SUFFIX.match(title)
    if match and (_key(match["tail"]) in outlets or _key(match["tail"]).removeprefix("the ") in outlets):
        title = match["title"].strip()
    if is_cms_name(title) or _key(title) in outlets or len(title) < 3:
        return None
    return title


def clean_author(value: str, outlet: str | None) -> str | None:
    """A person's name from a byline, or None for an outlet, a place, a desk, a CMS or a fragment."""
    name = re.sub(r"^(?:by|words by|written by|from)\s+", "", _plain(value), flags=re.I)
    name = _TRAILING_DATE.sub("", name).strip(" ,;|/-–—·")
    if not name or re.match(r"https?://", name) or any(ch.isdigit() for ch in name) or "@" in name:
        return None
    words = name.split()
    key = _key(name)
    outlets = _outlets(outlet)
    core = [w for w in words if w.casefold() not in _DESK_WORDS]
    if key in outlets or key in _places() or is_cms_name(name) or not core or _key(" ".join(core)) in outlets:
        return None
    if len(words) > 5 or not name[0].isupper():
        return None
    if any(not _VOWEL.search(w) and not re.fullmatch(r"[A-Z]\.?|Ng", w) for w in words):
        return None  # a cut-off word ("Symple Ch"), not a name
    return name


def clean_authors(values: Iterable[str], outlet: str | None) -> list[str]:
    """Every person named, bylines split at "and", "&", "," and ";", checked one by one, in order."""
    out: list[str] = []
    for value in values:
        for part in re.split(r"\s*(?:;|,|&|\band\b)\s*", value):
            name = clean_author(part, outlet) if part.strip() else None
            if name and name not in out:
                out.append(name)
    return out


def split_tags(values: Iterable[Any]) -> list[str]:
    """Tags one by one: "politics, budget; Senate" is three tags; duplicates (any case) once."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        for part in re.split(r"\s*[,;|]\s*", value):
            tag = _plain(part)
            if tag and len(tag) <= 60 and _key(tag) not in seen:
                seen.add(_key(tag))
                out.append(tag)
    return out


def clean_published(value: Any) -> str | None:
    """ISO 8601: with its time (and offset) when the page gave one, else the date alone, never a made-up 00:00."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    date_only = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:T00:00(?::00)?(?:\.0+)?)?", text)
    if date_only:
        return date_only.group(1)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.isoformat()


# -- what the page says ------------------------------------------------------------


def _json_ld_articles(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.casefold() in _ARTICLE_TYPES for k in kinds):
                    yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _names(value: Any) -> list[str]:
    """Names of a JSON-LD author or publisher: a string, an object with ``name``, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _meta(tree: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key, []).append(content.strip())
    return found


def page_metadata(html: str) -> dict[str, Any]:
    """``title``, ``outlet``, ``authors``, ``published``, ``tags`` as the page states them (unchecked)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (LxmlError, ValueError, RecursionError):
        return {}
    meta = _meta(tree)
    articles = list(_json_ld_articles(tree))
    out: dict[str, Any] = {}

    def first(*values: Any) -> Any:
        return next((v for v in values if v), None)

    ld: dict[str, Any] = articles[0] if articles else {}
    out["title"] = first(ld.get("headline"), *meta.get("og:title", []), *meta.get("twitter:title", []))
    out["outlet"] = first(*_names(ld.get("publisher")), *meta.get("og:site_name", []))
    out["authors"] = first(
        _names(ld.get("author")),
        [a for a in meta.get("article:author", []) if not a.startswith("http")],
        meta.get("author", []) + meta.get("parsely-author", []) + meta.get("sailthru.author", []),
        [re.sub(r"^by\s+", "", b, flags=re.I) for b in meta.get("byl", [])],
    )
    times = [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    out["published"] = first(
        ld.get("datePublished"),
        *meta.get("article:published_time", []),
        *meta.get("pubdate", []),
        *meta.get("publish-date", []),
        *times[:1],
    )
    keywords = ld.get("keywords")
    out["tags"] = first(
        keywords if isinstance(keywords, list) else [keywords] if keywords else [],
        meta.get("article:tag", []),
        meta.get("news_keywords", []) + meta.get("keywords", []),
    )
    return {k: v for k, v in out.items() if v}


def merge_metadata(extracted: dict[str, Any], html: str) -> dict[str, Any]:
    """trafilatura's metadata with the page's own statements preferred, every value checked."""
    page = page_metadata(html)
    out = dict(extracted)
    outlet = clean_outlet(page.get("outlet")) or clean_outlet(extracted.get("outlet"))
    out.pop("outlet", None)
    if outlet:
        out["outlet"] = outlet
    title = clean_title(page.get("title"), outlet) or clean_title(extracted.get("title"), outlet)
    out.pop("title", None)
    if title:
        out["title"] = title
    authors = clean_authors(page.get("authors") or [], outlet) or clean_authors(extracted.get("authors") or [], outlet)
    out.pop("authors", None)
    if authors:
        out["authors"] = authors
    published = clean_published(page.get("published"))
    fallback = clean_published(extracted.get("published"))
    if published and fallback and published[:10] != fallback[:10] and len(published) == 10:
        published = fallback  # two date-only statements disagree: keep the extractor's, which read the page
    out.pop("published", None)
    if published or fallback:
        out["published"] = published or fallback
    tags = split_tags([*(page.get("tags") or []), *(extracted.get("tags") or [])])
    out.pop("tags", None)
    if tags:
        out["tags"] = tags
    return out

"""Recognisers for page furniture: the lines a scraper copies from around the article.

Each recogniser looks at one stripped line and says whether it is a kind of
furniture.  They describe genres (UI prompts, bylines, disclaimers, tag lines,
headline lists), never one site's exact strings, and they match whole lines only,
so body text that merely mentions "share" or "subscribe" is never touched.
"""

from __future__ import annotations

import re

_UI_PHRASES = (
    r"listen live",
    r"listen(?: to (?:this|the) (?:article|story))?",
    r"get short url",
    r"short url",
    r"copy link",
    r"(?:share|tweet|email|print|save|bookmark|comment|comments|reply|like|follow|subscribe)"
    r"(?: (?:this|the) (?:article|story|page|post|video|update))?(?: on \w+)?",
    r"share (?:via|with) \w+",
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|vk|flipboard|pocket)",
    r"\d+\s+comments?",
    r"comments?\s*\(\d+\)",
    r"(?:view|show|hide|add|load|read) (?:all |more )?comments?(?: \(\d+\))?",
    r"join the (?:conversation|discussion)",
    r"community (?:standards|guidelines|rules)",
    r"discussion",
    r"advertisement",
    r"sponsored(?: content)?",
    r"skip to (?:main )?content",
    r"(?:cookie|privacy) (?:settings|preferences|policy|notice|statement)",
    r"(?:manage|your) (?:cookies|privacy|preferences|choices)",
    r"terms (?:of (?:use|service)|(?:and|&) conditions)",
    r"(?:contact|about) us",
    r"do not sell(?: or share)? my personal information",
    r"accessibility(?: statement)?",
    r"site ?map",
    r"(?:sign in|log in|sign up|register)(?: to comment)?",
    r"thank you for signing up!?",
    r"back to top",
    r"(?:font size|text size|a-|a\+)",
    r"close",
    r"menu",
    r"(?:image|photo|video)(?: credit)?: ?[\w .,/&@-]{0,60}",
    r"(?:click|tap) (?:here )?to (?:read|see|watch|listen|subscribe|share|enlarge|expand)[\w ]{0,40}",
    r"(?:read|see) (?:the )?(?:full|more) (?:story|article)",
    r"continue reading(?: below)?",
    r"story continues below(?: advertisement)?",
)
_UI_LINE = re.compile(r"^(?:(?:" + "|".join(_UI_PHRASES) + r")\s*[|·•/:,]?\s*)+$", re.I)

#: Promotional prompts that ask the reader to sign up, subscribe or follow (whole short lines).
_PROMO = re.compile(
    r"^(?:(?:sign up|subscribe|register)\b.{0,150}"
    r"|(?:get|receive)\b.{0,80}\b(?:in your inbox|newsletters?)\b.{0,100}"
    r"|(?:follow|like|join)\s+(?:us|[A-Z][\w ]{0,30}?)\s+on\s+"
    r"(?:twitter|facebook|telegram|instagram|youtube|x|vk)\b.{0,60})$",
    re.I,
)
_PROMO_MAX_WORDS = 25
#: A promo speaks for the outlet ("our newsletter", "sign up here"); without such a word a
#: sentence like "Subscribe to the newsletters of websites you enjoy." is body text.
_PROMO_MARKER = re.compile(r"\b(?:our|us|here|free|today|now|inbox|up)\b|^(?:sign up|subscribe)\W*$", re.I)

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|al|bin|la|le)){0,4}"
_BYLINE = re.compile(
    r"^(?i:by|words by|written by)\s+(?P<names>" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*)"
    r"(?:\s*(?:[|–—-]|\bfor\b|\bin\b)\s*(?P<outlet>[A-Z][\w .&'’-]{1,40}))?$"
)
_PIPE_BYLINE = re.compile(r"^(?P<names>" + _NAME + r")\s*\|\s*(?P<outlet>[A-Z][\w .&'’-]{1,40})$")
_CREDITS = re.compile(
    r"^\(?(?:(?:additional )?reporting|writing|editing|compiled|produced|translated) by\b.{0,200}\)?$", re.I
)

_PHOTO_CREDIT = re.compile(
    r"^(?:©|\(c\)|(?:photo|image|picture)(?: credit)?:)\s*[\w .&'’-]{1,40}\s*/\s*[\w .&'’-]{1,60}$", re.I
)
_DISCLAIMER = re.compile(
    r"(?:\b(?:views?|opinions?)\b.{0,120}\b(?:do(?:es)?\s+not|don'?t|doesn'?t)\s+necessarily\s+"
    r"(?:reflect|represent)|\bthe views expressed\b.{0,120}\b(?:are|is)\s+(?:solely\s+)?(?:those|that)\s+of\b)",
    re.I,
)
_THOSE_OF = re.compile(
    r"\b(?:reflect|represent)\s+(?:those|that|the\s+(?:views?|position|opinions?|policy))\s+of\s+"
    r"(?:the\s+)?(?P<outlet>[A-Z][\w&.'’ -]{1,40}?)(?:'s\s+editorial.*)?[.!]?$"
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:provided by\s+)?"
    r"(?P<outlet>[A-Z][\w&.'’ -]{1,40}?)?"
    r"\.?(?:\s*all rights reserved\.?)?$",
    re.I,
)
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'’-]{0,40}\((?P<outlet>Reuters|AP|AFP|Bloomberg|UPI|Xinhua|TASS|Sputnik|RIA Novosti|Anadolu|"
    r"dpa|CNN|PA|IANS|PTI|Interfax)\)\s*[-–—]"
)

_RELATED_HEADING = re.compile(
    r"^(?:related(?: (?:articles|stories|news|coverage|content))?|read (?:more|also)|also read|see also|more on this"
    r"(?: story)?|recommended(?: for you)?|you (?:may|might) (?:also )?like|most (?:read|popular|viewed)|trending"
    r"(?: now)?|more from \w+|further reading|top stories|latest news|more stories)\s*:?\s*(?P<rest>.*)$",
    re.I,
)
_TAG_HEADING = re.compile(r"^(?:tags?|topics?|keywords?|filed under|categories)\s*:\s*(?P<rest>.+)$", re.I)

_END_PUNCTUATION = tuple(".!?:;,")
#: Pronouns, auxiliaries and function words that make a comma-separated item a clause, not a keyword.
_SENTENCE_WORDS = {
    "i", "we", "you", "he", "she", "they", "it", "his", "her", "their", "our", "my", "your", "its",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
    "should", "may", "might", "must", "do", "does", "did", "not", "no", "but", "if", "that", "which",
    "who", "this", "these", "those",
}  # fmt: skip
_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from", "with",
    "as", "is", "vs", "via", "over", "into", "its", "it", "be", "are", "was", "up", "off", "out", "than",
}  # fmt: skip


#: Words that open a headline like a speaker label ("Interview: 'The sanctions are ...' says minister").
HEADLINE_KICKERS = frozenset(
    {
        "interview", "interviews", "exclusive", "opinion", "analysis", "explainer", "review", "profile",
        "podcast", "editorial", "column", "comment", "watch", "live", "breaking", "update", "updated",
        "factcheck", "poll", "obituary", "feature"
    }
)  # fmt: skip

#: First words of labels that open a line like a speaker ("Update:", "Verdict: Misleading.") but are
#: page furniture, a fact-check's rating or a dateline: nobody speaks there.
_NOT_SPEAKER_WORDS = """note update updated source sources photo photos picture image video watch read related also see
    warning editor correction disclaimer credit credits tags topics share advertisement listen caption
    breaking exclusive opinion analysis comment comments follow subscribe email contact press edition
    summary background transcript live map chart graphic figure table step tip fact facts question answer
    pictured file reporting writing editing date time location letter letters verdict rating conclusion
    context"""
NOT_SPEAKER_LABELS = frozenset(_NOT_SPEAKER_WORDS.split()) | HEADLINE_KICKERS


def is_ui(line: str) -> bool:
    """A line made only of interface strings, possibly glued ("Community standardsDiscussion")."""
    if _UI_LINE.match(line) or _UI_LINE.match(_unglue(line)):
        return True
    if len(line.split()) > _PROMO_MAX_WORDS or not _PROMO.match(line):
        return False
    return bool(_PROMO_MARKER.search(line.split(None, 2)[-1] if line.lower().startswith("sign up") else line))


#: Whole lines an outlet prints under every article: its standards link, an invitation to write in.
_HOUSE_LINES = re.compile(
    r"^(?:our standards:?\s.{0,80}|(?:the )?[\w ]{0,40}trust principles\.?"
    r"|we want to hear (?:what you think|from you)\b.{0,250}|(?:submit|send us) a letter to the editor\b.{0,200}"
    r"|(?:have|got) a (?:news )?tip\?.{0,150})$",
    re.I,
)
#: A picture credit: "Credit: Jane Roe/AP", "Photograph: Reuters", "(Photo by J. Roe/Getty Images)".
_CREDIT_LINE = re.compile(
    r"^\(?(?:credit|credits|photo|photos|photograph|picture|image|images|illustration|video)"
    r"(?: credit)?(?:\s*[:：]| by)\s*[^\n]{1,80}\)?\.?$",
    re.I,
)
_AGENCY = (
    r"(?:getty images|ap(?: photo)?|afp(?: via getty images)?|reuters|epa(?:-efe)?|shutterstock|alamy|"
    r"pa(?: media| wire)?|bloomberg|anadolu|xinhua|sipa|nurphoto|sopa images)"
)
#: A caption line: "FILE PHOTO: ...", or a short sentence ending in a picture credit ("... (Jane Roe/AP)").
_CAPTION_LINE = re.compile(
    rf"^(?:file photo:.{{1,300}}|.{{10,300}}?(?:\b(?:credit|photo|photograph|image)s?:\s*[^.]{{1,80}}"
    rf"|\(?(?:photo(?:graph)? by\s+)?[\w .'’-]{{1,60}}\s*/\s*{_AGENCY}\)?)\.?)$",
    re.I,
)


def is_house_line(line: str) -> bool:
    """A line the outlet prints under every article ("Our Standards: The Thomson Reuters Trust Principles.")."""
    return bool(_HOUSE_LINES.match(line))


def is_caption(line: str) -> bool:
    """A photo caption or picture credit: "Credit: Jane Roe/AP", "Senators leave ... (Jane Roe/Getty Images)"."""
    if len(line) > 320:
        return False
    if _CREDIT_LINE.match(line) and len(line.split()) <= 12:
        return True
    return bool(_CAPTION_LINE.match(line))


def _unglue(line: str) -> str:
    """Insert a space where a lowercase letter runs straight into a capital ("standardsDiscussion")."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", line)


def byline(line: str) -> tuple[list[str], str | None] | None:
    """``(authors, outlet)`` of a byline such as "By Jane Doe" or "Jane Doe | Reuters"."""
    match = _BYLINE.match(line) or _PIPE_BYLINE.match(line)
    if not match:
        return None
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names")) if n.strip()]
    outlet = match.group("outlet")
    if len(names) > 1 and _ROLE.search(names[-1]):
        names.pop()  # "By Marta Eklund, Labour Correspondent": a job title, not a second author
    # "By Staff Reporter", "By Our Correspondent": the outlet's staff, nobody a reader could name
    names = [n for n in names if not _STAFF.fullmatch(n)]
    if outlet is None and len(names) > 1 and len(names[-1].split()) == 1:
        # "By Jane Doe, Reuters": a one-word last item after a comma is the outlet, not a person.
        outlet = names.pop()
    return names, outlet.strip() if outlet else None


#: The last word of a job title that follows a byline's name.
_ROLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|columnist|chief|analyst|contributor|producer|journalist|"
    r"commentator|critic|staff|desk|team)s?$",
    re.I,
)
_STAFF = re.compile(
    r"(?:(?:our|a|the|staff|special|political|business|foreign|news)\s+)?(?:staff\s+)?"
    r"(?:reporter|writer|correspondent|staff|desk|team|newsroom)s?|(?:news\s+)?agencies|(?:the\s+)?editors",
    re.I,
)


def is_job_title(line: str) -> bool:
    """A journalist's job alone on a line: "Health correspondent", "Senior Political Editor"."""
    text = line.strip()
    return 0 < len(text.split()) <= 4 and text[:1].isupper() and bool(_ROLE.search(text)) and text[-1].isalpha()


#: A menu of section names: three or more short items set apart by wide spaces, bars or bullets.
_NAV_SEPARATOR = re.compile(r"\s{2,}|\s*[|•·]\s*|\t")


def is_navigation(line: str) -> bool:
    """A site's section menu copied as one line ("HOME  NEWS  BUSINESS  SPORT  OPINION")."""
    items = [item for item in _NAV_SEPARATOR.split(line.strip()) if item]
    if len(items) < 3 or not _NAV_SEPARATOR.search(line.strip()):
        return False
    return all(len(item.split()) <= 3 and item[0].isupper() and not item.endswith(_END_PUNCTUATION) for item in items)


def is_credits(line: str) -> bool:
    """Credits: "Reporting by Jane Doe; Editing by John Smith", or a photo credit "© Agency / Photographer".

    A photo credit names the picture's agency, not the article's outlet, so it gives no outlet.
    """
    return bool(_CREDITS.match(line) or _PHOTO_CREDIT.match(line))


def is_disclaimer(line: str) -> bool:
    return bool(_DISCLAIMER.search(line))


def disclaimer_outlet(line: str) -> str | None:
    """The outlet a disclaimer speaks for ("... do not necessarily reflect those of Sputnik")."""
    match = _THOSE_OF.search(line)
    if not match:
        return None
    outlet = match.group("outlet").strip()
    return None if outlet.lower() in {"the author", "the authors", "this publication", "this website"} else outlet


def copyright_outlet(line: str) -> tuple[str | None] | None:
    """``(outlet,)`` for a copyright line ("© 2021 Outlet"); ``None`` when the line is not one."""
    match = _COPYRIGHT.match(line)
    if not match or not re.match(r"^(?:©|\(c\)|copyright)", line, re.I):
        return None
    outlet = match.group("outlet")
    return (outlet.strip() if outlet else None,)


def wire_outlet(paragraph: str) -> str | None:
    """The agency of a wire dateline that opens a paragraph ("WASHINGTON (Reuters) - ...")."""
    match = _WIRE_DATELINE.match(paragraph)
    return match.group("outlet") if match else None


def related_heading(line: str) -> str | None:
    """For a "Related:" / "Read more:" line, the headline that follows on the same line ("" if none)."""
    match = _RELATED_HEADING.match(line)
    if not match:
        return None
    rest = match.group("rest").strip()
    # Sentence-case headlines too, and questions ("Related: Is tea better than coffee?").
    if rest and not is_headline(rest.rstrip("?!"), require_title_case=False):
        return None
    return rest


def tags_of(line: str, *, in_tail: bool) -> list[str] | None:
    """Keywords of a tag line ("Tags: a, b" anywhere; a bare comma list only at the end of a page)."""
    heading = _TAG_HEADING.match(line)
    if heading:
        return _keyword_list(heading.group("rest"), minimum=1)
    return _keyword_list(line, minimum=3) if in_tail else None


def _keyword_list(text: str, minimum: int) -> list[str] | None:
    items = [item.strip() for item in re.split(r"\s*[,;|]\s*", text.strip())]
    if len(items) < minimum or any(not item for item in items):
        return None
    for item in items:
        words = item.lower().split()
        if len(item) > 40 or len(words) > 4 or item.rstrip("\"'”’»").endswith(_END_PUNCTUATION):
            return None
        if any(word in _SENTENCE_WORDS for word in words):
            return None  # a clause ("his latest book", "is"), not a keyword
    return items


def is_headline(line: str, *, require_title_case: bool = True) -> bool:
    """A short line without closing punctuation, title-cased unless ``require_title_case`` is off."""
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.rstrip("\"'”’)»").endswith(_END_PUNCTUATION):
        return False
    if not require_title_case:
        return not line[0].islower()
    content = [w for w in words if w.lower().strip("\"'“”‘’") not in _SMALL_WORDS and w[0].isalpha()]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.75

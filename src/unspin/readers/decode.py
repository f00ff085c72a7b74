"""Bytes to text: size limit, BOMs, UTF-8 first, then a guessed legacy encoding.

Binary input (NUL bytes, many control characters) is refused rather than
decoded into garbage that every later stage would have to survive.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from unspin.config import Config
from unspin.errors import InputError, InputTooLargeError
from unspin.readers.hostile import mixed_utf8, replace_surrogates, utf16_without_bom

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Typographic characters a Western (cp1252) text plausibly contains beyond Latin-1 letters.
_WESTERN_PUNCTUATION = set("‘’‚“”„–—…•€™†‡‰‹›ˆ˜ŒœŠšŽžŸƒ¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷\u00a0\u00ad")

#: ``<meta charset="...">`` or ``<meta http-equiv=... content="text/html; charset=...">`` near the top of a page.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I)

#: Share of control characters (other than tab, newline, CR, form feed) above which input is binary.
_MAX_CONTROL_SHARE = 0.01


def check_size(size: int, config: Config, name: str) -> None:
    """Refuse input larger than ``config.max_input_bytes``."""
    if size > config.max_input_bytes:
        raise InputTooLargeError(
            f"{name} is {size:,} bytes, over the limit of {config.max_input_bytes:,} bytes (Config.max_input_bytes)"
        )


def decode_bytes(
    data: bytes, config: Config, name: str = "input", declared: str | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Decode ``data`` into text; returns ``(text, encoding)``.

    Order: a byte-order mark, then strict UTF-8, then the ``declared`` charset (an
    HTTP header) or else an HTML page's ``<meta charset>``, then Western cp1252
    when it reads plausibly (charset-normalizer tends to pick cp1250 for short
    Western text), then charset-normalizer's guess.  UTF-16 without a byte-order mark and
    UTF-8 with stray single-byte characters are read too, with a note in ``warnings``.
    """
    warnings = [] if warnings is None else warnings
    check_size(len(data), config, name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), name), encoding
    if b"\x00" in data:
        utf16 = utf16_without_bom(data)
        if utf16 is not None:
            warnings.append("read as UTF-16 without a byte-order mark")
            return _checked(utf16, name), "utf-16"
        raise InputError(f"{name} contains NUL bytes: binary input is not an article (give text, HTML or a URL)")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = mixed_utf8(data, warnings)
    if mixed is not None:
        return _checked(mixed, name), "utf-8+cp1252"
    for encoding in _candidates(declared or _meta_charset(data))[1:]:
        try:
            return _checked(data.decode(encoding), name), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    western = _plausible_cp1252(data)
    if western is not None:
        return _checked(western, name), "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{name} is not text in any known encoding (tried UTF-8, cp1252 and charset detection)")
    return _checked(str(best), name), best.encoding


def check_text(text: str, config: Config, name: str = "input", warnings: list[str] | None = None) -> str:
    """Apply the size and binary checks to input that is already text; lone surrogates become U+FFFD."""
    text = replace_surrogates(text, [] if warnings is None else warnings)
    check_size(len(text.encode("utf-8", "surrogatepass")), config, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError(f"{name} contains NUL characters: binary input is not an article")
    return _checked(text, name)


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, when Python knows that codec."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _candidates(declared: str | None) -> list[str]:
    # Strict UTF-8 first even when a charset is declared: pages labelled latin-1 but sent as
    # UTF-8 are common, and non-UTF-8 text practically never decodes as valid UTF-8.
    return ["utf-8", declared] if declared else ["utf-8"]


def _plausible_cp1252(data: bytes) -> str | None:
    """cp1252 decoding when every non-ASCII character is a Latin letter or Western punctuation.

    Text in a Cyrillic or Greek legacy encoding also decodes to Latin letters, but
    then most letters are non-ASCII; real Western text is mostly ASCII letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = non_ascii_letters = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
            continue
        if ch in _WESTERN_PUNCTUATION:
            continue
        if not (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")):
            return None
        letters += 1
        non_ascii_letters += 1
    if letters and non_ascii_letters / letters > 0.3:
        return None
    return text


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name} is empty or only whitespace: give an article's text, HTML or URL")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(f"{name} has {controls} control characters: it looks binary, not like an article")
    return text

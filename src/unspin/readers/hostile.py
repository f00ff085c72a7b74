"""Input that is valid enough to read but breaks a library underneath: repaired one for one, with a warning.

Each repair keeps every offset: one character (or byte) in, one character out.  What was
repaired is said in ``Document.source.extra["warnings"]`` (and so in the JSON's ``source``).

* Lone surrogates (``"\\ud800"``, possible in a Python ``str`` but not in Unicode text) become
  U+FFFD; spaCy's tokenizer and every encoder refuse them.
* Characters XML forbids (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) become a
  space in the markup handed to lxml/trafilatura, which refuse the whole page otherwise.
* Bytes that are not UTF-8 inside otherwise valid UTF-8 (a page pasted together from two
  sources) are read as cp1252 one byte at a time, instead of reading the whole page as cp1252.
* Elements nested deeper than lxml builds its tree (libxml2 stops at 255 levels): the page's
  visible text is read with Python's own HTML tokenizer, which keeps no tree.
"""

from __future__ import annotations

import codecs
import re

#: lxml (libxml2) stops building the tree at 256 levels and drops what lies deeper.
MAX_TREE_DEPTH = 200

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()  # noqa: SIM905
)
_ERROR_HANDLER = "unspin-cp1252-bytes"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    # cp1252 leaves five bytes undefined; those read as Latin-1 (C1 controls), still one for one
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error(_ERROR_HANDLER, _cp1252_bytes)


def replace_surrogates(text: str, warnings: list[str]) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (a warning says how many)."""
    found = len(_SURROGATE.findall(text))
    if not found:
        return text
    warnings.append(f"{found} lone surrogate(s) (not valid Unicode) replaced by U+FFFD")
    return _SURROGATE.sub("\ufffd", text)


def xml_safe(markup: str) -> str:
    """``markup`` with the characters XML forbids replaced by spaces (same length, same offsets)."""
    return _NOT_XML.sub(" ", markup)


def mixed_utf8(data: bytes, warnings: list[str]) -> str | None:
    """Mostly-UTF-8 ``data`` with stray single-byte characters decoded, or None when it is not mostly UTF-8."""
    if len(_UTF8_MULTIBYTE.findall(data)) < 2:
        return None
    text = data.decode("utf-8", errors=_ERROR_HANDLER)
    strays = len(text) - len(data.decode("utf-8", errors="ignore"))  # the handler gives one character a byte
    warnings.append(f"mixed encodings: {strays} byte(s) that are not UTF-8 were read as cp1252")
    return text


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark (mostly ASCII: every other byte is NUL), or None."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    for encoding, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if nuls >= 0.3 * half and other <= 0.02 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def nesting_depth(markup: str) -> int:
    """How deep the page's elements nest, counting unclosed ones (an estimate from the tags alone)."""
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest

"""Bad and legacy-encoded input: each refused with a clear InputError, or decoded right."""

from __future__ import annotations

import codecs

import pytest

from unspin.config import Config
from unspin.errors import InputError, InputTooLargeError
from unspin.readers import read_source
from unspin.readers.decode import decode_bytes

CONFIG = Config()
WESTERN = "Café owners in Zürich say the naïve plan “won’t work” — it costs €5 more per crème brûlée."


def test_empty_input_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        read_source(b"", CONFIG)
    with pytest.raises(InputError, match="empty"):
        read_source("", CONFIG)


def test_whitespace_only_input_is_refused() -> None:
    with pytest.raises(InputError, match="whitespace"):
        read_source(b" \n\t\r\n  ", CONFIG)


def test_nul_bytes_are_refused_as_binary() -> None:
    with pytest.raises(InputError, match="NUL"):
        read_source(b"Some text\x00with a NUL", CONFIG)


def test_control_character_soup_is_refused_as_binary() -> None:
    with pytest.raises(InputError, match="control characters"):
        read_source(bytes(range(1, 9)) * 20 + b"text", CONFIG)


def test_cp1252_decodes_correctly() -> None:
    text, encoding = decode_bytes(WESTERN.encode("cp1252"), CONFIG)
    assert text == WESTERN
    assert encoding == "cp1252"


def test_latin1_decodes_correctly() -> None:
    original = "Ça va? The señor from Málaga paid for the façade of the café, said Zoë."
    text, _ = decode_bytes(original.encode("latin-1"), CONFIG)
    assert text == original


def test_utf8_with_bom_loses_the_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + WESTERN.encode("utf-8"), CONFIG)
    assert text == WESTERN and encoding == "utf-8"


def test_utf16_with_bom_is_not_taken_for_binary() -> None:
    text, _ = decode_bytes(codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"), CONFIG)
    assert text == WESTERN


def test_cyrillic_legacy_encoding_is_not_read_as_western() -> None:
    original = "Министр заявил, что переговоры продолжатся на следующей неделе в столице."
    text, _ = decode_bytes(original.encode("cp1251"), CONFIG)
    assert text == original


def test_input_over_the_limit_is_too_large() -> None:
    small = Config(max_input_bytes=10)
    with pytest.raises(InputTooLargeError, match="max_input_bytes"):
        read_source(b"x" * 11, small)
    with pytest.raises(InputTooLargeError):
        read_source("y" * 11, small)
    assert read_source(b"x" * 10, small).raw == "x" * 10


def test_crlf_is_kept_in_raw() -> None:
    assert read_source(b"One line.\r\nTwo lines.\r\n", CONFIG).raw == "One line.\r\nTwo lines.\r\n"


def test_html_meta_charset_is_honoured() -> None:
    body = "<p>Министр заявил, что переговоры продолжатся.</p>"
    page = f'<html><head><meta charset="windows-1251"></head><body>{body}</body></html>'
    text, encoding = decode_bytes(page.encode("cp1251"), CONFIG)
    assert body in text and encoding == "windows-1251"
    legacy = page.replace(
        '<meta charset="windows-1251">', '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    )
    assert body in decode_bytes(legacy.encode("koi8-r"), CONFIG)[0]


def test_unknown_meta_charset_is_ignored() -> None:
    page = '<html><head><meta charset="no-such-codec"></head><body><p>Plain words.</p></body></html>'
    assert decode_bytes(page.encode("utf-8"), CONFIG)[0] == page


def test_utf8_sent_under_a_latin1_label_still_reads_as_utf8() -> None:
    text, encoding = decode_bytes(WESTERN.encode("utf-8"), CONFIG, declared="iso-8859-1")
    assert text == WESTERN and encoding == "utf-8"

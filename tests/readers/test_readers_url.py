"""URL fetching against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from loopback_site import QuietHandler, loopback_site

from unspin.config import Config
from unspin.errors import FetchError, InputTooLargeError
from unspin.readers import read_source

ARTICLE = (
    "<html><head><title>Storm Warning</title></head><body><article>"
    "<p>The weather service warned of gusts of up to 120 km/h on the northern coast overnight, "
    "and ferries to the islands were cancelled until Friday.</p></article></body></html>"
)
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/article.html": (200, "text/html; charset=utf-8", ARTICLE.encode()),
    "/plain.txt": (200, "text/plain; charset=windows-1252", "Caf\u00e9 owners said \u201cno\u201d.".encode("cp1252")),
    "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/huge.html": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
}


class Handler(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.0)  # longer than the test's timeout
        self.send(*ROUTES.get(self.path, (404, "text/html", b"<p>not found</p>")))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback_site(Handler) as url:
        yield url


def test_html_url_is_fetched_and_extracted(server: str) -> None:
    doc = read_source(f"{server}/article.html", Config())
    assert doc.source.kind == "url"
    assert doc.source.url == f"{server}/article.html"
    assert "gusts of up to 120 km/h" in doc.raw
    assert doc.metadata["url"] == f"{server}/article.html"
    assert doc.source.extra["content_type"] == "text/html"


def test_plain_text_url_uses_the_declared_charset(server: str) -> None:
    doc = read_source(f"{server}/plain.txt", Config())
    assert doc.raw == "Café owners said “no”."
    assert doc.source.encoding == "windows-1252"


def test_timeout_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="timed out"):
        read_source(f"{server}/slow", Config(fetch_timeout_s=0.2))


def test_404_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        read_source(f"{server}/missing", Config())


def test_non_html_content_type_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="image/png"):
        read_source(f"{server}/image.png", Config())


def test_body_over_the_fetch_cap_is_refused(server: str) -> None:
    with pytest.raises(InputTooLargeError, match="fetch_max_bytes"):
        read_source(f"{server}/huge.html", Config(fetch_max_bytes=1000))


def test_unreachable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        read_source("http://127.0.0.1:9/nothing", Config(fetch_timeout_s=1))

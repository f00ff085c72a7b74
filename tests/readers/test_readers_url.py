"""URL fetching against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from loopback_site import QuietHandler, loopback_site

import unspin
from unspin.config import Config
from unspin.errors import FetchError, InputTooLargeError, UrlNotAllowedError
from unspin.readers import read_source
from unspin.readers.guard import UrlPolicy

#: The tests' site runs on 127.0.0.1, which the address guard refuses unless allowed.
LOOPBACK = UrlPolicy.from_options(True, ["127.0.0.1"])

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
        if self.path == "/drip":  # one byte every 0.1 s: each read is quick, the whole page is not
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path == "/slow":
            time.sleep(1.0)  # longer than the test's timeout
        self.send(*ROUTES.get(self.path, (404, "text/html", b"<p>not found</p>")))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback_site(Handler) as url:
        yield url


def test_html_url_is_fetched_and_extracted(server: str) -> None:
    doc = read_source(f"{server}/article.html", Config(), kind="url", policy=LOOPBACK)
    assert doc.source.kind == "url"
    assert doc.source.url == f"{server}/article.html"
    assert "gusts of up to 120 km/h" in doc.raw
    assert doc.metadata["url"] == f"{server}/article.html"
    assert doc.source.extra["content_type"] == "text/html"


def test_plain_text_url_uses_the_declared_charset(server: str) -> None:
    doc = read_source(f"{server}/plain.txt", Config(), kind="url", policy=LOOPBACK)
    assert doc.raw == "Café owners said “no”."
    assert doc.source.encoding == "windows-1252"


def test_timeout_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match=r"took longer than 0\.2 s in total"):
        read_source(f"{server}/slow", Config(fetch_timeout_s=0.2), kind="url", policy=LOOPBACK)


def test_404_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        read_source(f"{server}/missing", Config(), kind="url", policy=LOOPBACK)


def test_non_html_content_type_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="image/png"):
        read_source(f"{server}/image.png", Config(), kind="url", policy=LOOPBACK)


def test_body_over_the_fetch_cap_is_refused(server: str) -> None:
    with pytest.raises(InputTooLargeError, match="fetch_max_bytes"):
        read_source(f"{server}/huge.html", Config(fetch_max_bytes=1000), kind="url", policy=LOOPBACK)


def test_unreachable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        read_source("http://127.0.0.1:9/nothing", Config(fetch_timeout_s=1), kind="url", policy=LOOPBACK)


def test_a_dripping_page_is_cut_off_at_the_total_deadline(server: str) -> None:
    """Issue 18: the time limit covers the whole fetch, not each read."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="in total"):
        read_source(f"{server}/drip", Config(fetch_timeout_s=0.5), kind="url", policy=LOOPBACK)
    assert time.monotonic() - started < 2.0


def test_loopback_is_refused_without_an_allow_list(server: str) -> None:
    """Issue 18: the Python API and the CLI fetch through the same address guard as the server."""
    with pytest.raises(UrlNotAllowedError, match=r"127\.0\.0\.1"):
        read_source(f"{server}/article.html", Config(), kind="url")
    with pytest.raises(UrlNotAllowedError):
        unspin.analyze_url(f"{server}/article.html", until="clean")
    assert unspin.analyze_url(f"{server}/article.html", until="clean", allow_hosts=["127.0.0.1"]).text


@pytest.mark.parametrize("address", ["169.254.169.254", "10.0.0.1", "192.168.0.1", "[::1]"])
def test_metadata_and_private_addresses_are_refused(address: str) -> None:
    with pytest.raises(UrlNotAllowedError):
        read_source(f"http://{address}/latest/meta-data/", Config(fetch_timeout_s=1), kind="url")


def test_the_cli_refuses_loopback_unless_allowed(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from unspin.cli.main import main

    assert main(["analyze", f"{server}/article.html", "--until", "clean"]) == 3
    assert "127.0.0.1" in capsys.readouterr().err
    assert main(["analyze", f"{server}/article.html", "--until", "clean", "--allow-host", "127.0.0.1"]) == 0
    assert "gusts" in capsys.readouterr().out

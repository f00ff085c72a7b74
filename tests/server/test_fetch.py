"""URL fetching: off by default, and never into private, loopback or link-local addresses unless allow-listed."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import httpx
import pytest
from loopback_site import QuietHandler, loopback_site

from unspin.config import Config
from unspin.errors import FetchError, InputTooLargeError
from unspin.pipeline import Stage
from unspin.server import ServeOptions
from unspin.server.fetch import UrlNotAllowedError, UrlPolicy, fetch_page

from .conftest import live_server

PAGE = (
    b"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote</h1>"
    + b"<p>The council voted against the harbour plan, calling it a disgrace to the city.</p>" * 5
    + b"</article></body></html>"
)


class Handler(QuietHandler):
    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/plain": (200, "text/plain", b"The minister said it was a disgrace. " * 5),
            "/image": (200, "image/png", b"\x89PNG"),
            "/missing": (404, "text/html", b"gone"),
        }
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.path.split("to=", 1)[1])
            self.end_headers()
            return
        self.send(*routes.get(self.path, (404, "text/plain", b"")))


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with loopback_site(Handler) as url:
        yield url


LOOPBACK_ONLY = UrlPolicy.from_options(True, ["127.0.0.1"])


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1",
     "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1"],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    with pytest.raises(UrlNotAllowedError, match="allow-list"):
        UrlPolicy(enabled=True).check_address(ipaddress.ip_address(address))


def test_public_and_allow_listed_addresses_pass() -> None:
    UrlPolicy(enabled=True).check_address(ipaddress.ip_address("93.184.216.34"))
    UrlPolicy.from_options(True, ["10.0.0.0/8"]).check_address(ipaddress.ip_address("10.9.9.9"))
    LOOPBACK_ONLY.check_address(ipaddress.ip_address("::ffff:127.0.0.1"))


def test_bad_allow_list_entry_names_itself() -> None:
    with pytest.raises(UrlNotAllowedError, match="'intranet'"):
        UrlPolicy.from_options(True, ["intranet"])


def test_fetching_is_off_by_default(site: str) -> None:
    with pytest.raises(UrlNotAllowedError, match="--allow-url"):
        fetch_page(f"{site}/article", Config(), UrlPolicy())


def test_allow_listed_loopback_page_is_fetched(site: str) -> None:
    page = fetch_page(f"{site}/article", Config(), LOOPBACK_ONLY)
    assert page.is_html and page.body == PAGE
    assert not fetch_page(f"{site}/plain", Config(), LOOPBACK_ONLY).is_html


def test_loopback_without_allow_list_is_refused(site: str) -> None:
    with pytest.raises(UrlNotAllowedError, match=r"127\.0\.0\.1"):
        fetch_page(f"{site}/article", Config(), UrlPolicy(enabled=True))


def test_localhost_name_is_resolved_and_refused(site: str) -> None:
    port = site.rsplit(":", 1)[1]
    with pytest.raises(UrlNotAllowedError):
        fetch_page(f"http://localhost:{port}/article", Config(), UrlPolicy(enabled=True))


def test_redirect_into_a_non_allowed_address_is_refused(site: str) -> None:
    port = site.rsplit(":", 1)[1]
    with pytest.raises(UrlNotAllowedError, match=r"127\.0\.0\.2"):
        fetch_page(f"{site}/redirect?to=http://127.0.0.2:{port}/article", Config(), LOOPBACK_ONLY)
    assert fetch_page(f"{site}/redirect?to=/article", Config(), LOOPBACK_ONLY).body == PAGE


@pytest.mark.parametrize(
    ("path", "message"),
    [("/image", "image/png"), ("/missing", "HTTP 404")],
)
def test_wrong_type_and_http_errors_are_fetch_errors(site: str, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_page(f"{site}{path}", Config(), LOOPBACK_ONLY)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "http://", "http://user:pw@127.0.0.1/"])
def test_only_plain_http_urls(url: str) -> None:
    with pytest.raises(FetchError):
        fetch_page(url, Config(), LOOPBACK_ONLY)


def test_body_over_fetch_max_bytes_is_refused(site: str) -> None:
    with pytest.raises(InputTooLargeError, match="fetch_max_bytes"):
        fetch_page(f"{site}/article", Config(fetch_max_bytes=100), LOOPBACK_ONLY)


def test_analyze_url_through_the_api(site: str, stub_stages: dict[str, Stage]) -> None:
    allowed = ServeOptions(warm_up=False, allow_url=True, allow_hosts=("127.0.0.1",))
    with live_server(options=allowed) as url:
        doc = httpx.post(f"{url}/v1/analyze", json={"url": f"{site}/article"}, trust_env=False, timeout=20).json()
        assert "council voted against" in doc["text"] and doc["source"]["url"] == f"{site}/article"
        assert "disgrace" in {doc["text"][s["start"] : s["end"]] for s in doc["layers"]["techniques"]}
    with live_server(options=ServeOptions(warm_up=False)) as url:
        refused = httpx.post(f"{url}/v1/analyze", json={"url": f"{site}/article"}, trust_env=False)
        assert refused.status_code == 403 and "--allow-url" in refused.json()["message"]
    with live_server(options=ServeOptions(warm_up=False, allow_url=True)) as url:
        refused = httpx.post(f"{url}/v1/analyze", json={"url": f"{site}/article"}, trust_env=False)
        assert refused.status_code == 403 and "127.0.0.1" in refused.json()["message"]

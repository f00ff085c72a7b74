"""Fetch an article over HTTP(S) with a timeout, a size cap and a content-type check."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from unspin.config import Config
from unspin.errors import FetchError, InputTooLargeError

ACCEPTED_TYPES = ("text/html", "text/plain", "application/xhtml+xml")


@dataclass(frozen=True)
class Fetched:
    """A fetched response body with what the server said about it."""

    url: str
    body: bytes
    content_type: str
    charset: str | None

    @property
    def is_html(self) -> bool:
        return self.content_type != "text/plain"


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and "\n" not in value


def fetch(url: str, config: Config) -> Fetched:
    """GET ``url``; raises :class:`FetchError` on timeout, HTTP errors and non-article content types."""
    headers = {"User-Agent": config.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)}
    try:
        with (
            httpx.Client(timeout=config.fetch_timeout_s, follow_redirects=True, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            check_response(url, response)
            body = read_capped(url, response, config.fetch_max_bytes)
            content_type, charset = content_type_of(response)
            return Fetched(str(response.url), body, content_type, charset)
    except httpx.TimeoutException:
        limit = config.fetch_timeout_s
        raise FetchError(f"fetching {url} timed out after {limit:g} s (Config.fetch_timeout_s)") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url} failed: {exc}") from None


def check_response(url: str, response: httpx.Response) -> None:
    """Raise :class:`FetchError` for an HTTP error status or a content type that is no article."""
    if response.status_code >= 400:
        raise FetchError(f"fetching {url} failed: HTTP {response.status_code} {response.reason_phrase}")
    content_type, _ = content_type_of(response)
    if content_type not in ACCEPTED_TYPES:
        raise FetchError(
            f"{url} has content type {content_type or 'none'!r}; expected one of {', '.join(ACCEPTED_TYPES)}"
        )


def content_type_of(response: httpx.Response) -> tuple[str, str | None]:
    """The media type (lower case) and charset parameter of a response's Content-Type."""
    header = response.headers.get("content-type", "")
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def read_capped(url: str, response: httpx.Response, limit: int) -> bytes:
    """Read the body, stopping as soon as it passes ``limit`` bytes."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputTooLargeError(f"{url} is {int(declared):,} bytes, over Config.fetch_max_bytes={limit:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(f"{url} is over Config.fetch_max_bytes={limit:,} bytes; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)

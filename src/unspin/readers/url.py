"""Fetch an article over HTTP(S): the address guard, a total deadline, a size cap, a content-type check.

Every URL unspin fetches (``unspin analyze URL``, :func:`unspin.analyze_url`, the REST API's
``url``) goes through :func:`fetch`, so through the one address guard of
:mod:`unspin.readers.guard`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from unspin.config import Config
from unspin.errors import FetchError, InputTooLargeError
from unspin.readers.guard import MAX_REDIRECTS, UrlPolicy, pinned_request

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


def fetch(url: str, config: Config, policy: UrlPolicy | None = None) -> Fetched:
    """GET ``url`` through the address guard, within ``config.fetch_timeout_s`` in total.

    ``policy`` says which non-public networks may be reached (default: none).  The time limit
    covers the whole fetch, redirects and body included, so a server that sends one byte a
    second cannot hold the caller longer.  Raises :class:`FetchError` (a timeout, an HTTP error,
    a content type that is no article), :class:`~unspin.errors.UrlNotAllowedError` or
    :class:`~unspin.errors.InputTooLargeError`.
    """
    policy = policy or UrlPolicy(enabled=True)
    deadline = time.monotonic() + config.fetch_timeout_s
    headers = {"User-Agent": config.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)}
    try:
        with httpx.Client(timeout=config.fetch_timeout_s, follow_redirects=False, headers=headers) as client:
            for _ in range(MAX_REDIRECTS + 1):
                request = pinned_request(client, url, policy)
                request.extensions["timeout"] = _remaining(deadline, url, config)
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    check_response(url, response)
                    body = read_capped(url, response, config.fetch_max_bytes, deadline, config.fetch_timeout_s)
                    content_type, charset = content_type_of(response)
                    return Fetched(url, body, content_type, charset)
                finally:
                    response.close()
    except httpx.TimeoutException:
        raise _timed_out(url, config) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {url[:200]!r}: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url[:200]} failed: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) fetching {url[:200]}")


def _timed_out(url: str, config: Config) -> FetchError:
    limit = config.fetch_timeout_s
    return FetchError(f"fetching {url[:200]} took longer than {limit:g} s in total (Config.fetch_timeout_s)")


def _remaining(deadline: float, url: str, config: Config) -> dict[str, float]:
    """httpx's per-operation timeouts, none longer than what is left of the total deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(url, config)
    return {"connect": left, "read": left, "write": left, "pool": left}


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


def read_capped(
    url: str, response: httpx.Response, limit: int, deadline: float | None = None, timeout_s: float = 0.0
) -> bytes:
    """Read the body, stopping as soon as it passes ``limit`` bytes or the ``deadline`` (monotonic time)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputTooLargeError(f"{url} is {int(declared):,} bytes, over Config.fetch_max_bytes={limit:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        if deadline is not None and time.monotonic() > deadline:
            raise FetchError(f"fetching {url[:200]} took longer than {timeout_s:g} s in total (Config.fetch_timeout_s)")
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(f"{url} is over Config.fetch_max_bytes={limit:,} bytes; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)

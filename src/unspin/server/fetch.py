"""Fetch an article URL for the REST API without letting a request reach inside the network.

Off unless the server runs with ``--allow-url``.  Every hop (the URL and each redirect) is
resolved first and *every* address it resolves to must be public, or inside an explicit
allow-list; the connection then goes to the checked address itself (Host header and TLS SNI
keep the name), so a second DNS answer cannot swap in a private address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from unspin.config import Config
from unspin.errors import FetchError
from unspin.readers.url import ACCEPTED_TYPES, Fetched, check_response, content_type_of, read_capped

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_REDIRECTS = 5


class UrlNotAllowedError(FetchError):
    """URL fetching is off, or the URL points at a private, loopback or link-local address."""

    http_status = 403


@dataclass(frozen=True)
class UrlPolicy:
    """Whether URLs may be fetched at all, and which non-public networks are allowed anyway."""

    enabled: bool = False
    allowed_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def from_options(cls, enabled: bool, allow_hosts: Iterable[str] = ()) -> UrlPolicy:
        networks = []
        for entry in allow_hosts:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                raise UrlNotAllowedError(
                    f"allow-list entry {entry!r} is not an IP address or network; write e.g. 127.0.0.1 or 10.0.0.0/8"
                ) from None
        return cls(enabled, tuple(networks))

    def check_address(self, address: IPAddress) -> None:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed_networks):
            return
        if not address.is_global or address.is_multicast:
            raise UrlNotAllowedError(
                f"refusing to fetch from {address}: private, loopback, link-local or reserved addresses are not "
                "allowed (allow-list it with --allow-host)"
            )


def _split(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"cannot fetch {url[:200]!r}: only http and https URLs are accepted")
    if not parts.hostname:
        raise FetchError(f"cannot fetch {url[:200]!r}: the URL has no host")
    if parts.username or parts.password:
        raise FetchError("cannot fetch a URL with credentials in it")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"cannot fetch {url[:200]!r}: invalid port") from None
    return parts.scheme, parts.hostname, port


def resolve_checked(host: str, port: int, policy: UrlPolicy) -> IPAddress:
    """Resolve ``host``; refuse it if any address is not allowed; return the first address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"cannot resolve host {host!r}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    for address in addresses:
        policy.check_address(address)
    return addresses[0]


def _pinned_request(client: httpx.Client, url: str, policy: UrlPolicy) -> httpx.Request:
    scheme, host, port = _split(url)
    address = resolve_checked(host, port, policy)
    pinned = httpx.URL(url).copy_with(host=str(address), port=port)
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    host_header = host if port in (80, 443) else f"{host}:{port}"
    return client.build_request("GET", pinned, headers={"Host": host_header}, extensions=extensions)


def fetch_page(url: str, config: Config, policy: UrlPolicy) -> Fetched:
    """Fetch ``url`` under ``policy``: bounded in time, size and redirects; HTML or plain text only."""
    if not policy.enabled:
        raise UrlNotAllowedError("URL fetching is disabled on this server; start it with --allow-url, or send text")
    headers = {"User-Agent": config.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)}
    with httpx.Client(timeout=config.fetch_timeout_s, follow_redirects=False, headers=headers) as client:
        for _ in range(MAX_REDIRECTS + 1):
            request = _pinned_request(client, url, policy)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchError(f"fetching {url[:200]!r} timed out after {config.fetch_timeout_s} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"fetching {url[:200]!r} failed: {type(exc).__name__}") from None
            try:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                return _read_page(response, url, config)
            finally:
                response.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) fetching the URL")


def _read_page(response: httpx.Response, url: str, config: Config) -> Fetched:
    """The same status, content-type and size checks as ``unspin analyze URL`` (unspin.readers.url)."""
    check_response(url, response)
    body = read_capped(url, response, config.fetch_max_bytes)
    content_type, charset = content_type_of(response)
    return Fetched(url, body, content_type, charset)

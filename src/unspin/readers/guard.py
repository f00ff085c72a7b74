"""The one address guard every URL fetch of unspin goes through (CLI, Python API, REST API).

Every hop (the URL and each redirect) is resolved first and *every* address it resolves to
must be public, or inside an explicit allow-list: loopback, private, link-local (cloud
metadata at 169.254.169.254), shared, reserved and multicast addresses are refused.  The
connection then goes to the checked address itself (Host header and TLS SNI keep the name),
so a second DNS answer cannot swap in a private address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from unspin.errors import FetchError, UrlNotAllowedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_REDIRECTS = 5


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


def pinned_request(client: httpx.Client, url: str, policy: UrlPolicy) -> httpx.Request:
    scheme, host, port = _split(url)
    address = resolve_checked(host, port, policy)
    pinned = httpx.URL(url).copy_with(host=str(address), port=port)
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    host_header = host if port in (80, 443) else f"{host}:{port}"
    return client.build_request("GET", pinned, headers={"Host": host_header}, extensions=extensions)

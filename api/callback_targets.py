"""Where a callback may go: public addresses only, checked once and then connected to as checked.

A `callback_url` is a request from outside to make this server send an HTTP request: aimed at
an internal address it would reach what the internet cannot (SSRF). So, unless
WEBHOOK_ALLOW_PRIVATE is set, every address the host name resolves to must be globally
routable (`ipaddress`'s `is_global`), and so must any IPv4 address an IPv6 one carries
(IPv4-mapped, 6to4, Teredo, NAT64), since the network would deliver the packet there. The
resolved address is then what the sender connects to (`pinned`): no second lookup, so a DNS
answer that changes between the check and the request (rebinding) changes nothing.

Resolution runs in the event loop's thread pool (`loop.getaddrinfo`), never on the loop.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

RESOLVE_TIMEOUT = 5.0

# Ranges `is_global` lets through (Python 3.11) that must not receive callbacks, with why.
_BLOCKED: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    (ipaddress.ip_network("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598; some clouds' metadata lives here)"),
    (ipaddress.ip_network("192.0.0.0/24"), "an IETF protocol address (RFC 6890)"),
    (ipaddress.ip_network("::/96"), "an IPv4-compatible IPv6 address (deprecated, RFC 4291)"),
    (ipaddress.ip_network("64:ff9b:1::/48"), "a local-use NAT64 address (RFC 8215)"),
    (ipaddress.ip_network("fec0::/10"), "a site-local IPv6 address (deprecated, RFC 3879)"),
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix (RFC 6052): the last 32 bits are IPv4


class CallbackRefused(Exception):
    """The callback URL may not be used; the message says why, for the client."""

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason  # 'invalid' | 'unresolvable' | 'blocked'


@dataclass(frozen=True, slots=True)
class Target:
    """A checked callback destination: connect to `address`, present `hostname` (Host, SNI)."""

    url: str
    hostname: str
    address: str

    @property
    def pinned_url(self) -> str:
        """The URL with its host replaced by the checked address (scheme, port, path kept)."""
        parts = urlsplit(self.url)
        host = f"[{self.address}]" if ":" in self.address else self.address
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        if parts.username is not None:
            netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
        return parts._replace(netloc=netloc).geturl()

    @property
    def host_header(self) -> str:
        parts = urlsplit(self.url)
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        return host if parts.port is None else f"{host}:{parts.port}"


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and the network would route to."""
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [v4 for v4 in found if v4 is not None]


def refusal(ip: IPAddress) -> str | None:
    """Why callbacks may not go to `ip`, or None when it is a public unicast address."""
    for v4 in embedded_ipv4(ip):
        if (why := refusal(v4)) is not None:
            return f"an address carrying {v4}: {why}"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    for network, why in _BLOCKED:
        if ip.version == network.version and ip in network:
            return why
    if not ip.is_global:
        return "a private, reserved or documentation address"
    return None


def _parse(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CallbackRefused("callback_url must be an http(s) URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise CallbackRefused("callback_url has an invalid port") from None
    return parts.hostname, port


async def resolve(url: str, *, allow_private: bool, timeout: float = RESOLVE_TIMEOUT) -> Target:
    """Resolve the URL's host once and check every address it has; the first one is pinned."""
    hostname, port = _parse(url)
    try:
        literal: IPAddress | None = ipaddress.ip_address(hostname)
    except ValueError:
        literal = None
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):  # not wait_for: it can drop a cancel on 3.11 (shared/tasks.py)
                infos = await loop.getaddrinfo(hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (OSError, TimeoutError, UnicodeError):
            raise CallbackRefused(f"callback_url's host {hostname!r} does not resolve", "unresolvable") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos))
        if not addresses:
            raise CallbackRefused(f"callback_url's host {hostname!r} does not resolve", "unresolvable")
    if not allow_private:
        for ip in addresses:
            if (why := refusal(ip)) is not None:
                # A host name's internal address is not repeated back: the API is no DNS oracle.
                where = f"{ip} is {why}" if literal is not None else f"{hostname!r} resolves to {why}"
                raise CallbackRefused(f"callback_url must reach a public address: {where}. "
                                      "Operators can allow private targets with WEBHOOK_ALLOW_PRIVATE=true",
                                      "blocked")  # fmt: skip
    return Target(url=url, hostname=hostname, address=str(addresses[0]))

"""The client's IP address, as the throttle and the session list see it: the connection's peer,
or, only when that peer is a trusted proxy (STEWARD_TRUSTED_PROXIES), the nearest address in
X-Forwarded-For that is not itself a trusted proxy."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.requests import HTTPConnection

MAX_LENGTH = 64


def is_trusted_proxy(value: str, proxies: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        address = ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in proxies)


def client_address(
    connection: HTTPConnection, proxies: tuple[IPv4Network | IPv6Network, ...]
) -> str:
    peer = connection.client.host if connection.client else ""
    if not proxies or not is_trusted_proxy(peer, proxies):
        return peer[:MAX_LENGTH]
    hops = [
        hop.strip()
        for header in connection.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):  # the right-most hop was added by the proxy next to us
        if not is_trusted_proxy(hop, proxies):
            return hop[:MAX_LENGTH]
    return (hops[0] if hops else peer)[:MAX_LENGTH]

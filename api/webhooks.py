"""Webhooks: a submission's callback_url is POSTed its result once judged.

Off by default. The operator allows destinations with JUDGE_WEBHOOK_ALLOW: host
names (matched exactly) and IP networks (an address literal, or every address a
name resolves to, must lie in one). Anything else is refused when the submission
arrives (422), and checked again before each delivery.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class CallbackRefused(ValueError):
    """The URL is not one this judge may call."""


def _networks(allow: list[str]) -> tuple[set[str], list[Network]]:
    names: set[str] = set()
    networks: list[Network] = []
    for entry in allow:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            names.add(entry.strip().lower().rstrip("."))
    return names, networks


def check_callback(url: str, allow: list[str]) -> None:
    """Raises CallbackRefused (its message says why) unless ``url`` may be called."""
    if not allow:
        raise CallbackRefused(
            "webhooks are off on this judge (the operator enables them with JUDGE_WEBHOOK_ALLOW)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CallbackRefused("callback_url must be an http:// or https:// URL with a host")
    if parts.username or parts.password:
        raise CallbackRefused("callback_url must not carry credentials")
    host = parts.hostname.lower().rstrip(".")
    names, networks = _networks(allow)
    if host in names:
        return
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if not networks:
            raise CallbackRefused(f"{host} is not an allowed webhook host") from None
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError:
            raise CallbackRefused(f"{host} does not resolve") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not all(any(address in network for network in networks) for address in addresses):
        raise CallbackRefused(f"{host} is not in an allowed webhook network")

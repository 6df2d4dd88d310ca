"""The client's address behind the proxies the deployment names (`PROXY_COUNT`).

Each trusted proxy appends the address it received from to X-Forwarded-For, so with N proxies
in front the client is the N-th entry from the right; anything further left was written by the
client and is not trusted. Without proxies (N = 0) the direct peer, REMOTE_ADDR, is the client.
Used by the audit log and by the login lockout (axes), so both record the same address.
"""

import ipaddress

from django.conf import settings


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "KYOTEN_PROXY_COUNT", 0)
    if proxies <= 0:
        return peer
    chain = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(chain) < proxies:
        # Fewer entries than proxies: the request did not come through all of them.
        return peer
    return _valid(chain[-proxies]) or peer

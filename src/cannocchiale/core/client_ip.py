"""The client's address as the trusted proxies in front of the application report it.

Behind a reverse proxy every request comes from the proxy's address: keyed on it, django-axes would
lock out everybody after five wrong passwords from anybody. Each trusted proxy appends the address it
received the request from to X-Forwarded-For, so with N trusted proxies the client is the N-th entry
from the right; whatever the client itself wrote into the header is to the left of it and ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through all the proxies: only the connection's own address is known
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

"""Where a request comes from, as the login lock-out and the body limit see it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """Return the client's address: from X-Forwarded-For behind trusted proxies, else the peer's.

    With ``TRUSTED_PROXY_COUNT`` proxies in front (each appending the address it saw), the
    client is the entry that many places from the right: entries further left were written
    by the client itself and are never believed. Without a proxy (0) the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        # Not through every proxy we expect: only the peer's address is known for sure.
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote

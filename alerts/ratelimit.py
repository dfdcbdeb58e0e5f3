"""Fixed-window counters in the shared cache, keyed by a hash (never a raw address)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _key(scope, value, window):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{value}".encode()).hexdigest()[:32]
    return f"alerts:rl:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope, value, *, limit, window):
    """Count one hit for ``value`` in ``scope``; False once ``limit`` hits fall in one window.

    If the cache is unavailable the request is allowed: the double opt-in still protects the
    address owner, and subscribing should not fail because Redis restarted.
    """
    key = _key(scope, value, window)
    try:
        cache.add(key, 0, timeout=window + 5)
        return cache.incr(key) <= limit
    except ValueError:  # the key vanished (eviction, a cache outage treated as empty)
        return True


def client_address(request):
    """The client's address as the app sees it (nginx's trusted header is applied upstream)."""
    return request.META.get("REMOTE_ADDR", "")

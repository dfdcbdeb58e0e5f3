"""``/healthz`` for the load balancer: is this node able to reach its database and cache?

It answers 200 when both work and 503 otherwise, as a small JSON document. Everyone gets the
status; which check failed, the error (which may name hosts and ports) and timings go only to a
request made on the node itself (a loopback address and no proxy header, so nothing that came
through a front door on the same machine) or one carrying ``Authorization: Bearer <token>``
with the token from ``HEALTHZ_TOKEN``.
The cache is checked with a real round trip that bypasses the tolerant wrapper's degradation,
because a node that silently runs without its cache is a node an operator wants to know about.
"""

import hmac
import ipaddress
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def check_database(alias="default"):
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    if hasattr(cache, "ping"):
        cache.ping()
        return
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}

# Headers a reverse proxy adds; their presence means the client is not on this node.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def may_see_details(request):
    """True for the node's own operators: a loopback peer that no proxy relayed, or the token."""
    token = getattr(settings, "HEALTHZ_TOKEN", "")
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    if any(header in request.META for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
@require_safe
def healthz(request):
    report, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure is a failed check, reported as such
            healthy = False
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            report[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    answer = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        answer["checks"] = report
    return JsonResponse(answer, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answer ``/healthz`` before sessions, auth and the CMS toolbar run.

    Those middlewares may query the database; the health check must report a database outage
    as JSON, not turn into the outage page itself.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path:
            return healthz(request)
        return self.get_response(request)

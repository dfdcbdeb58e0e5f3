"""Tell the shared cache at the door (nginx) what it may keep, and keep anonymous visits cookieless.

``SharedCacheMiddleware`` marks each response with ``X-Accel-Expires``: an anonymous GET or HEAD
answer without cookies may be kept until the end of the second ``started - duration``
(``@<epoch second>``: nginx counts whole seconds), everything else not at all (``0``). A render
that read data just before a change committed at T started before T, so its copy expires before
T + 1 s minus its own duration; nginx then serves that copy while one request refreshes it
(``proxy_cache_use_stale updating``), and the refresh shows the change by T + 1 s plus a
render. That bound needs no message and holds on any number of nodes; on top of it the app
purges the front doors after a change (``frontdoor.purge``), so under load, when a render takes
longer than the rest of its second, visitors get the change on their next request instead of
the old copy. For that, each answer nginx keeps has its cache key recorded, and one rendered
while a change happened is not kept. Renders beginning in the first ``duration`` of a second are
stored already expired, so a page is rendered about twice a second per node while it is being
read, whatever the traffic.
Browsers get ``Cache-Control: no-cache`` and an ETag (Django's ``set_response_etag``), so a reload
always asks and is answered 304 when nothing changed (``get_conditional_response``, what
Django's ConditionalGetMiddleware does; that middleware skips responses marked ``no-store``).

django CMS's own page cache is off (``CMS_PAGE_CACHE = False``): with it off the CMS marks every
page "never cache", for visitors too. For the CMS page view that mark therefore means nothing
more than "the CMS did not cache this", and the decision here stands alone: anonymous (no
session or CSRF cookie, so no toolbar and no draft), GET or HEAD, no cookie set.

``Vary``: every answer says ``Accept-Encoding`` (nginx compresses), ``Cookie`` and
``Accept-Language`` (Django's session, CSRF and locale middlewares), in one header. Answers that
differ by cookie are never shared: nginx bypasses and never stores a request with a session or
CSRF cookie, such answers are marked ``private, no-store`` by Django, and a downstream cache that
keeps an anonymous page keys it by ``Cookie`` too.

``AnonymousToolbarMiddleware`` drops the CMS toolbar switches (``?toolbar_on`` and friends) from
requests without a session: the CMS would otherwise store the choice in a new session, a cookie
and a database row for every such anonymous request.
"""

import time

from django.conf import settings
from django.http import QueryDict
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag

from . import purge

#: Answers the shared cache may keep: pages, redirects, revalidations. Not-found answers are
#: left out so random addresses cannot fill the cache.
CACHEABLE_STATUSES = frozenset({200, 203, 300, 301, 304, 410})
#: What a view says when its answer is personal or must not be kept.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def has_session_cookie(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies


class SharedCacheMiddleware:
    """Set ``X-Accel-Expires`` (for nginx) and ``Cache-Control`` (for browsers) on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.time()
        request.frontdoor_cms_page = False
        # nginx names the cache key of a request it may keep; with purging on, the change
        # generation is read before the render and compared after it (frontdoor.purge).
        cache_key = request.headers.get(purge.KEY_HEADER)
        if request.method not in ("GET", "HEAD") or has_session_cookie(request):
            cache_key = None  # never kept
        generation = purge.generation() if cache_key else None
        response = self.get_response(request)
        # nginx compresses text answers for clients that accept it; saying so here keeps one
        # complete Vary header (nginx's gzip_vary is off for proxied answers, as it would add a
        # second header line that some caches read alone).
        patch_vary_headers(response, ("Accept-Encoding",))
        if self.shareable(request, response):
            expires = int(2 * started - time.time())  # started - duration, whole seconds
            if generation is not None and not purge.record(cache_key, generation):
                # A change committed while this rendered: its purge may already have passed.
                response.headers["X-Accel-Expires"] = "0"
            else:
                response.headers["X-Accel-Expires"] = f"@{expires}"
            response.headers["Cache-Control"] = "no-cache"
            response.headers.pop("Expires", None)
            if not response.streaming and response.status_code == 200:
                if not response.has_header("ETag"):
                    set_response_etag(response)
                return get_conditional_response(
                    request, etag=response.headers.get("ETag"), response=response
                )
        else:
            response.headers["X-Accel-Expires"] = "0"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from cms.views import details

        request.frontdoor_cms_page = view_func is details

    @staticmethod
    def shareable(request, response):
        if request.method not in ("GET", "HEAD") or response.status_code not in CACHEABLE_STATUSES:
            return False
        if response.cookies or has_session_cookie(request):
            return False
        if request.frontdoor_cms_page:
            return True
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)


class AnonymousToolbarMiddleware:
    """Remove the toolbar switches from requests that carry no session (see module docstring).

    Placed right before ``cms.middleware.toolbar.ToolbarMiddleware``. Editors have a session
    cookie from their login, so their switches reach the CMS unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        from cms.utils.conf import get_cms_setting

        self.switches = {
            get_cms_setting("CMS_TOOLBAR_URL__ENABLE"),
            get_cms_setting("CMS_TOOLBAR_URL__DISABLE"),
            get_cms_setting("CMS_TOOLBAR_URL__PERSIST"),
        }

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not self.switches.isdisjoint(
            request.GET
        ):
            kept = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                if key not in self.switches:
                    kept.setlist(key, values)
            kept._mutable = False
            request.GET = kept
        return self.get_response(request)

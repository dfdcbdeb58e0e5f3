"""A cached page is filed under the page-cache version read when its render STARTED.

django CMS 5.1 files every cached page under one cache *version* kept in the cache
(``cms.cache._get_cache_version``); ``invalidate_cms_page_cache`` bumps it and readers only look
under the current one. But ``cms.cache.page.set_page_cache`` reads the version when it *stores*
the page, after the render. A render that read agreement data just before an edit committed,
and stored its page just after the edit's bump (``agreements.signals``), filed pre-edit HTML
under the new version, where every reader found it until the next edit or the cache timeout.
``set_page_cache`` also wrote back the version it had read, which can undo a bump made between
its read and its write.

``PageCacheVersionMiddleware`` reads the version before the view runs (before any data is read)
and swaps the CMS's store callback on the page response for ``store_page_cache``, which writes
the same entries as ``set_page_cache`` but under that start version, and only refreshes the
version key's lifetime (``touch``) instead of rewriting its value. A page built from pre-edit
data therefore lands under the old version and is never served after the bump; a page whose
render started after the bump is filed under the new one as before. Readers, including
``carbonsite.caching.CachedPageMiddleware``, are unchanged. No CMS code is patched; a test
checks that our entries equal the CMS's own when no edit intervenes, so an upgrade that changes
the entry format fails loudly.
"""

from datetime import timedelta

from cms.cache import CMS_PAGE_CACHE_VERSION_KEY, _get_cache_version
from cms.cache.page import _page_cache_key, _page_vary_headers_cache_key, set_page_cache
from cms.constants import EXPIRE_NOW, MAX_EXPIRATION_TTL
from cms.toolbar.utils import get_toolbar_from_request
from cms.utils.compat.response import get_response_headers
from cms.utils.conf import get_cms_setting
from cms.views import details as cms_details
from django.utils.cache import add_never_cache_headers, patch_response_headers, patch_vary_headers
from django.utils.timezone import now

VERSION_ATTRIBUTE = "_agreements_page_cache_version"


def store_page_cache(response, *, version):
    """``cms.cache.page.set_page_cache`` with the version given rather than read now."""
    from django.core.cache import cache

    request = response._request
    toolbar = get_toolbar_from_request(request)
    if (
        request.user.is_authenticated
        or toolbar._cache_disabled
        or not get_cms_setting("PAGE_CACHE")
    ):
        add_never_cache_headers(response)
        return response

    timestamp = now()
    ttls, vary_on = [], set()
    for placeholder in toolbar.content_renderer.get_rendered_placeholders():
        ttl = placeholder.get_cache_expiration(request, timestamp)
        ttls.append(ttl)
        if ttl:
            vary_on |= set(placeholder.get_vary_cache_on(request) or [])
    if EXPIRE_NOW in ttls:
        return response
    ttl = min(get_cms_setting("CACHE_DURATIONS")["content"], min(ttls, default=MAX_EXPIRATION_TTL))
    if ttl <= 0:
        return response

    vary_on = sorted(vary_on)
    patch_response_headers(response, cache_timeout=ttl)
    patch_vary_headers(response, vary_on)
    entry = (
        response.content,
        get_response_headers(response),
        timestamp + timedelta(seconds=ttl),
        getattr(response, "xframe_options_exempt", False),
    )
    cache.set(_page_vary_headers_cache_key(request), vary_on, ttl, version=version)
    cache.set(_page_cache_key(request, vary_on), entry, ttl, version=version)
    # The CMS rewrites the version after each store so the key outlives the entries filed under
    # it; refreshing its lifetime does that without ever moving the number backwards.
    cache.touch(CMS_PAGE_CACHE_VERSION_KEY, get_cms_setting("CACHE_DURATIONS")["content"])
    return response


class PageCacheVersionMiddleware:
    """Pin the page-cache version at the start of each page view; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only the CMS's page view stores pages (``render_page`` adds ``set_page_cache``), so
        # the admin and other views pay no extra cache read.
        if view_func is not cms_details or request.method not in ("GET", "HEAD"):
            return
        if get_cms_setting("PAGE_CACHE"):
            setattr(request, VERSION_ATTRIBUTE, _get_cache_version())

    def process_template_response(self, request, response):
        version = getattr(request, VERSION_ATTRIBUTE, None)
        callbacks = getattr(response, "_post_render_callbacks", None)
        if version is None or not callbacks:
            return response
        for index, callback in enumerate(callbacks):
            if callback is set_page_cache:
                callbacks[index] = _StoreAt(version)
        return response


class _StoreAt:
    """A post-render callback storing the page under a fixed version (looked up at call time)."""

    def __init__(self, version):
        self.version = version

    def __call__(self, response):
        return store_page_cache(response, version=self.version)

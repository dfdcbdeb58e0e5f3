"""Which languages the current page is published in, for the switcher and hreflang links.

The CMS's page view has already read every published content of the page (one query for all
languages, ``Page.page_content_cache``) and the page's addresses that share the requested path
(``Page.urls_cache``): a Spanish address is the English path under /es/, so the alternates of a
translated page cost no query.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()

NAMES = dict(settings.LANGUAGES)


def published_languages(page):
    """Languages in which ``page`` has content the visitor may see, in the site's order."""
    cache = getattr(page, "page_content_cache", None) or {}
    return [code for code, _name in settings.LANGUAGES if getattr(cache.get(code), "pk", None)]


@register.simple_tag(takes_context=True)
def page_translations(context):
    """The current CMS page's languages: ``{"alternates": [...], "fallback": bool,
    "requested": code}``.

    ``alternates`` lists ``{"code", "name", "url", "current"}`` for each published language,
    and is empty for a page in one language only (no switcher, no hreflang). ``fallback`` is
    true when the visitor asked for a language the page lacks and reads the English content.
    """
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    current = get_language()
    requested = getattr(request, "LANGUAGE_CODE", current) if request else current
    result = {"alternates": [], "fallback": requested != current, "requested": requested}
    if page is None:
        return result
    languages = published_languages(page)
    if len(languages) > 1:
        for code in languages:
            url = page.get_absolute_url(code, fallback=False)
            if url:
                result["alternates"].append(
                    {"code": code, "name": NAMES[code], "url": url, "current": code == current}
                )
        if len(result["alternates"]) < 2:
            result["alternates"] = []
    return result

"""Template tags that connect CMS pages to their agreement.

Every tag reads a fixed number of queries however many agreements, documents or stages there
are, so a page's render cost does not grow with the data (see tests/agreements/test_pages.py).
"""

from django import template
from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language

from agreements import selectors
from agreements.models import AgreementContent

register = template.Library()


def _current_page(context):
    request = context.get("request")
    return getattr(request, "current_page", None) if request else None


@register.simple_tag(takes_context=True)
def current_agreement(context):
    """The agreement whose page section holds the current page (its overview or one of its tabs).

    Returns None on pages outside an agreement's section. A page inside the section of an
    agreement the visitor may not see (its data or overview page unpublished) is a 404, like
    every other address of that agreement. The result is kept on the request, so the tab bar and
    the blocks of one page share a single lookup; so is the newest change of the agreement's data
    (``request.content_updated_at``), which the footer's "Last updated" reads
    (``page_last_updated`` in ``pages/templatetags/site_chrome.py``).
    """
    request = context.get("request")
    page = _current_page(context)
    if not page:
        return None
    cached = getattr(request, "_current_agreement", None)
    if cached is not None and cached[0] == page.pk:
        return cached[1]
    agreement = selectors.agreement_for_page(page, request)
    if agreement is None and selectors.page_belongs_to_agreement(page):
        raise Http404("This agreement is not published.")
    request._current_agreement = (page.pk, agreement)
    if agreement is not None:
        changed = [agreement.updated_at, *(d.updated_at for d in agreement.documents.all())]
        request.content_updated_at = max(changed)
    return agreement


@register.simple_tag(takes_context=True)
def agreement_tabs(context, agreement):
    """The tabs of ``agreement``'s section: its overview page, then its published child pages.

    Each tab is a dict with ``title``, ``url``, ``is_current`` and ``slug``.
    """
    if agreement is None or not agreement.page_id:
        return []
    page = _current_page(context)
    language = get_language() or settings.LANGUAGE_CODE
    return selectors.agreement_tabs(
        agreement, language=language, current_page_id=page.pk if page else None
    )


@register.filter
def listed_stages(agreement, detailed):
    """The stages to list; with ``detailed``, their requirements are read too, in one query."""
    if detailed:
        return selectors.prefetch_stage_requirements(agreement)
    return agreement.stages.all()


@register.simple_tag
def tab_url(tabs, slug):
    """The URL of the tab whose page slug is ``slug``, or an empty string if it is not published."""
    for tab in tabs:
        if tab["slug"] == slug:
            return tab["url"]
    return ""


@register.simple_tag(takes_context=True)
def agreements_listing(context):
    """The index listing: every agreement, filtered by ``?status=`` when the value is known."""
    request = context.get("request")
    raw = request.GET.get("status", "") if request else ""
    return selectors.agreements_listing(status=raw, language=get_language())


@register.simple_tag
def agreements_at_a_glance():
    """Figures for the home page: count, newest signed, which are open."""
    return selectors.agreements_at_a_glance(language=get_language())


@register.filter
def human_file_size(size):
    """Bytes as people read them on a download link: '312 KB', '1.4 MB'."""
    if size is None:
        return ""
    size = int(size)
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@register.simple_tag
def status_choices():
    return AgreementContent.ApplicationStatus.choices

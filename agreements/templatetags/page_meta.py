"""Presentation helpers every page template shares: the one date format and the meta description.

``long_date`` is the site's only date format for visitors ("31 March 2025"); templates use it
instead of spelling a format, so no page mixes "24 Oct 2025" with "6 October 2025".
"""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

LONG_DATE = "j F Y"
DESCRIPTION_LENGTH = 160
SITE_DESCRIPTION = (
    "Singapore's Implementation Agreements on carbon credits under Article 6 of the Paris "
    "Agreement: partner countries, signed documents and how project developers apply."
)


@register.filter(expects_localtime=True, is_safe=False)
def long_date(value):
    """A date (or datetime) as the site writes it: '31 March 2025'; empty for no value."""
    if not value:
        return ""
    return format_date(value, LONG_DATE)


def _plain(html):
    return " ".join(strip_tags(html or "").split())


def intro_text(content):
    """The plain text of a page content's "intro" placeholder (or "content" when it has none),
    read in one query."""
    from django.contrib.contenttypes.models import ContentType
    from djangocms_text.models import Text

    texts = {}
    plugins = (
        Text.objects.filter(
            placeholder__content_type=ContentType.objects.get_for_model(content),
            placeholder__object_id=content.pk,
            placeholder__slot__in=["intro", "content"],
            parent__isnull=True,
        )
        .order_by("position")
        .values_list("placeholder__slot", "body")
    )
    for slot, body in plugins:
        if slot not in texts and _plain(body):
            texts[slot] = _plain(body)
    return texts.get("intro") or texts.get("content") or ""


@register.simple_tag(takes_context=True)
def page_description(context):
    """The current CMS page's meta description: the editor's own, else its intro's first
    sentences, else the site's description. Never empty, never the text "None"."""
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    content = page.get_content_obj() if page else None
    text = ""
    if content is not None:
        text = (getattr(content, "meta_description", None) or "").strip()
        if not text:
            text = intro_text(content)
    if not text:
        text = SITE_DESCRIPTION
    return Truncator(text).chars(DESCRIPTION_LENGTH)

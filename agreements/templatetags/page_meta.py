"""Presentation helpers every page template shares: the one date format and the meta description.

``long_date`` is the site's only date format for visitors ("31 March 2025"); templates use it
instead of spelling a format, so no page mixes "24 Oct 2025" with "6 October 2025".
"""

import re
from html import unescape

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

register = template.Library()

LONG_DATE = "j F Y"
# Spanish writes "31 de marzo de 2025" (Django's own Spanish month names).
LONG_DATES = {"es": r"j \d\e F \d\e Y"}
DESCRIPTION_LENGTH = 160
SITE_DESCRIPTION = (
    "Singapore's Implementation Agreements on carbon credits under Article 6 of the Paris "
    "Agreement: partner countries, signed documents and how project developers apply."
)


@register.filter(expects_localtime=True, is_safe=False)
def long_date(value):
    """A date (or datetime) as the site writes it in the active language: '31 March 2025',
    '31 de marzo de 2025'; empty for no value."""
    if not value:
        return ""
    return format_date(value, LONG_DATES.get(get_language(), LONG_DATE))


BLOCK_TAG = re.compile(r"</?(p|h[1-6]|li|ul|ol|div|br|dt|dd|tr|td|th)\b[^>]*>", re.IGNORECASE)


def _plain(html):
    """Rich text as one line of plain text, blocks kept apart by a space."""
    return " ".join(unescape(strip_tags(BLOCK_TAG.sub(" ", html or ""))).split())


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


def content_description(content):
    """A page content's own description: the editor's, else its intro's text."""
    text = (getattr(content, "meta_description", None) or "").strip()
    return text or intro_text(content)


@register.simple_tag(takes_context=True)
def page_description(context):
    """The current CMS page's meta description: the editor's own, else its intro's first
    sentences, else (a tab of an agreement, say) its title with its parent page's description,
    else the site's description. Never empty, never the text "None"."""
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    content = page.get_content_obj() if page else None
    text = ""
    if content is not None:
        text = content_description(content)
        parent = page.parent if not text and page.parent_id else None
        parent_content = parent.get_content_obj() if parent else None
        if parent_content is not None:
            parent_text = content_description(parent_content)
            if parent_text:
                text = f"{content.title}: {parent_text}"
    if not text:
        text = SITE_DESCRIPTION
    return Truncator(text).chars(DESCRIPTION_LENGTH)

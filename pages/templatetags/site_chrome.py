"""Presentation helpers for the site chrome."""

from django import template
from django.db.models import Max
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

register = template.Library()


def site_last_published():
    """When anything on the site was last published: the newest published version."""
    return Version.objects.filter(state=PUBLISHED).aggregate(latest=Max("modified"))["latest"]


@register.simple_tag(takes_context=True)
def page_last_updated(context):
    """When what the current page shows last changed: its content's publish date, or the
    data's own change if that is later: the view's (``content_updated_at`` in its context) or
    the agreement shown on the page (``request.content_updated_at``, which the
    ``current_agreement`` tag records on the request, since the footer renders after the
    agreement's blocks have closed).

    One query per render (pages are cached at the front door, not by the CMS): the page
    content's version, or, off the page tree (search, alerts, error pages) without a date of
    the view's own, the site's last publish.
    """
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    content = page.get_content_obj() if page else None
    dates = [context.get("content_updated_at"), getattr(request, "content_updated_at", None)]
    extra = max((date for date in dates if date), default=None)
    if content is None:
        return extra or site_last_published()
    try:
        latest = Version.objects.get_for_content(content).modified
    except Version.DoesNotExist:
        latest = content.changed_date
    return max(latest, extra) if extra else latest

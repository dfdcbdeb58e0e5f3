"""Presentation helpers for the site chrome."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

register = template.Library()


def site_last_published():
    """When anything on the site was last published: the newest published page version."""
    try:
        from djangocms_versioning.constants import PUBLISHED
        from djangocms_versioning.models import Version
    except LookupError:  # pragma: no cover - versioning is always installed here
        return None
    return Version.objects.filter(state=PUBLISHED).aggregate(latest=Max("modified"))["latest"]


@register.simple_tag(takes_context=True)
def page_last_updated(context):
    """When the published content of the current page last changed (its publish date).

    Falls back to the content's own change date when versioning has no record. Rendered inside
    the CMS page cache, so it costs nothing on a cache hit.
    """
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    content = page.get_content_obj() if page else None
    if content is None:
        # Not a CMS page (register, search, error pages): the view's own data change when it
        # gives one, else the site's last published change.
        return context.get("content_updated_at") or site_last_published()
    latest = getattr(content, "changed_date", None)
    try:
        from djangocms_versioning.models import Version

        version = (
            Version.objects.filter(
                content_type=ContentType.objects.get_for_model(content), object_id=content.pk
            )
            .only("modified")
            .first()
        )
    except LookupError:
        version = None
    if version is not None:
        latest = version.modified
    extra = context.get("content_updated_at")
    if extra and (latest is None or extra > latest):
        latest = extra
    return latest

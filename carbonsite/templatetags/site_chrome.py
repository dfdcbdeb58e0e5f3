"""Presentation helpers for the site chrome."""

from django import template
from django.contrib.contenttypes.models import ContentType

register = template.Library()


@register.simple_tag(takes_context=True)
def page_last_updated(context):
    """When the published content of the current page last changed (its publish date).

    Falls back to the content's own change date when versioning has no record. Rendered inside
    the CMS page cache, so it costs nothing on a cache hit.
    """
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    if not page:
        return None
    content = page.get_content_obj()
    if content is None:
        return None
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

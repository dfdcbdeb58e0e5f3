"""Template tags that connect CMS pages to their agreement."""

from django import template

from agreements.models import Agreement

register = template.Library()


@register.simple_tag(takes_context=True)
def current_agreement(context):
    """The agreement whose page section holds the current page (its overview or one of its tabs).

    Returns None on pages outside an agreement's section.
    """
    request = context.get("request")
    page = getattr(request, "current_page", None) if request else None
    if not page:
        return None
    candidates = [page.pk]
    if page.parent_id:
        candidates.append(page.parent_id)
    return Agreement.objects.filter(page_id__in=candidates).first()

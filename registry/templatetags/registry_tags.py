"""Presentation of the register and eligibility list inside CMS page templates."""

from django import template

from ..selectors import agreements_comparison, eligibility_listing, project_listing

register = template.Library()


@register.inclusion_tag("registry/includes/project_register.html", takes_context=True)
def project_register(context, agreement=None):
    """The register table for ``agreement`` (or every agreement), filtered by the query string."""
    request = context["request"]
    listing = context.get("listing") or project_listing(request.GET, agreement=agreement)
    return {"listing": listing, "agreement": agreement, "request": request}


@register.inclusion_tag("registry/includes/eligibility_list.html", takes_context=True)
def eligibility_list(context, agreement):
    """The agreement's eligibility list, methodologies filtered by the query string."""
    request = context["request"]
    return {
        "listing": eligibility_listing(request.GET, agreement=agreement) if agreement else None,
        "agreement": agreement,
        "request": request,
    }


@register.inclusion_tag("registry/includes/comparison_table.html")
def agreements_comparison_table(status="", status_label=""):
    """The agreements compared, newest first; only those with application ``status`` when one
    is given."""
    agreements = agreements_comparison()[::-1]  # newest first, as visitors look for news
    if status:
        agreements = [a for a in agreements if a.application_status == status]
    return {"agreements": agreements, "status_label": status_label}


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with ``page`` set to ``number``, for pagination links."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()

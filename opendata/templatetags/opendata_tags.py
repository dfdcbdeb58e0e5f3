"""Agreement facts for machines (JSON-LD) and at a glance (timeline) inside page templates."""

import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from agreements.models import Agreement

from ..selectors import agreement_url

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def agreement_structured_data(agreement, absolute):
    """schema.org Legislation for an agreement: what search engines can read about a treaty."""
    in_force = agreement.status == Agreement.Status.IN_FORCE
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": agreement.title,
        "legislationType": "Implementation Agreement under Article 6.2 of the Paris Agreement",
        "legislationJurisdiction": ["Singapore", agreement.partner_country],
        "legislationPassedBy": [
            {"@type": "Country", "name": "Singapore"},
            {"@type": "Country", "name": agreement.partner_country},
        ],
        "url": absolute(agreement_url(agreement)),
        "inLanguage": get_language(),
    }
    if in_force:
        # Left out otherwise: entry into force is rarely published, so "not in force" could be
        # wrong.
        data["legislationLegalForce"] = "https://schema.org/InForce"
    if agreement.signed_on:
        data["legislationDate"] = agreement.signed_on.isoformat()
    if agreement.entered_into_force_on:
        data["legislationDateVersion"] = agreement.entered_into_force_on.isoformat()
    if agreement.summary:
        data["description"] = agreement.summary
    parts = [
        {
            "@type": "DigitalDocument",
            "name": document.title,
            "encodingFormat": "application/pdf",
            "url": absolute(document.get_absolute_url()),
        }
        for document in agreement.documents.all()
        if document.file
    ]
    if parts:
        data["hasPart"] = parts
    return data


@register.simple_tag(takes_context=True)
def agreement_jsonld(context, agreement):
    if not agreement:
        return ""
    request = context.get("request")
    absolute = request.build_absolute_uri if request else (lambda path: path)
    payload = json.dumps(agreement_structured_data(agreement, absolute), ensure_ascii=False)
    return mark_safe(  # noqa: S308 - the payload is JSON with <, > and & escaped
        '<script type="application/ld+json">' + payload.translate(_SCRIPT_ESCAPES) + "</script>"
    )


@register.inclusion_tag("opendata/includes/timeline_list.html")
def agreement_timeline(agreement):
    milestones = list(agreement.milestones.order_by("date", "pk")) if agreement else []
    return {"milestones": milestones, "agreement": agreement}


@register.inclusion_tag("opendata/includes/whats_new.html")
def whats_new(limit=5):
    """The newest entries of the update feed (signings, calls opened, documents), for the home
    page: the same items, in the same order, as /feeds/updates.atom."""
    from ..selectors import feed_items

    return {"items": feed_items(limit=limit)[:limit]}

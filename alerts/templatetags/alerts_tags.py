"""The kinds of alert a subscribe box offers, read from ``alerts.kinds`` so no template spells
their values or labels."""

from django import template

from alerts.kinds import AGREEMENT_KINDS, AlertKind

register = template.Library()


@register.simple_tag
def alert_kind_choices(agreement=None):
    """(value, label) of every kind, or, for one ``agreement``, the kinds about an agreement."""
    kinds = AGREEMENT_KINDS if agreement else tuple(AlertKind)
    return [(kind.value, kind.label) for kind in kinds]

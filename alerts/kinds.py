"""The kinds of update a subscriber can choose, in the order forms and e-mails list them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    CALL_OPENED = "call_opened", _("An application call opens")
    DOCUMENTS_CHANGED = "documents_changed", _("Signed documents are added or replaced")
    ELIGIBILITY_CHANGED = "eligibility_changed", _("The eligibility list changes")
    AGREEMENT_SIGNED = "agreement_signed", _("A new agreement is signed")


ALL_KINDS = tuple(AlertKind.values)


# A new agreement being signed is news about the list, not about one agreement, so a box on one
# agreement's pages does not offer it.
AGREEMENT_KINDS = tuple(kind for kind in AlertKind if kind != AlertKind.AGREEMENT_SIGNED)

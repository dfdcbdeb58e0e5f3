"""Cached pages show register and eligibility data, so any change to it empties the page cache."""

from cms.cache import invalidate_cms_page_cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import (
    AuthorisedProject,
    CreditingProgramme,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
)

WATCHED = (
    AuthorisedProject,
    CreditingProgramme,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
)


def _invalidate(sender, **kwargs):
    invalidate_cms_page_cache()


for _model in WATCHED:
    receiver(post_save, sender=_model, dispatch_uid=f"registry-cache-save-{_model.__name__}")(
        _invalidate
    )
    receiver(post_delete, sender=_model, dispatch_uid=f"registry-cache-del-{_model.__name__}")(
        _invalidate
    )

"""Cached pages show crediting programmes' names, so a change to one refreshes them.

Eligibility lists and register rows belong to a version of agreement data: they reach the public
when that version is published, which invalidates the cache (``agreements.signals``).
"""

from django.db.models.signals import post_delete, post_save

from agreements.signals import invalidate_public_pages_on_commit

from .models import CreditingProgramme

post_save.connect(
    invalidate_public_pages_on_commit,
    sender=CreditingProgramme,
    dispatch_uid="registry-cache-save-CreditingProgramme",
)
post_delete.connect(
    invalidate_public_pages_on_commit,
    sender=CreditingProgramme,
    dispatch_uid="registry-cache-del-CreditingProgramme",
)

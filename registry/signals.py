"""Cached pages show register and eligibility data, so a change to it refreshes them.

The same after-commit invalidation as agreement data (``agreements.signals``), so a render of the
old data can never be cached under the new version.
"""

from django.db.models.signals import post_delete, post_save

from agreements.signals import invalidate_public_pages_on_commit

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

for _model in WATCHED:
    post_save.connect(
        invalidate_public_pages_on_commit,
        sender=_model,
        dispatch_uid=f"registry-cache-save-{_model.__name__}",
    )
    post_delete.connect(
        invalidate_public_pages_on_commit,
        sender=_model,
        dispatch_uid=f"registry-cache-del-{_model.__name__}",
    )

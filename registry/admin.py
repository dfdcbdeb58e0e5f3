"""Editors keep eligibility lists and the register current here, in the draft of an agreement.

Eligibility lists and register rows belong to a version of an agreement's data
(``AgreementContent``), so they go through the same drafts, publishing, history and revert.
These admins list and offer the rows of *draft* versions only: a published (or older) row is
never changed in place. An editor starts a draft with "Edit data" on the agreement; the
publisher then publishes the agreement, data and pages together.

Crediting programmes are reference data shared by every agreement and shown on public pages as
they are saved, so only publishers may change them (``editorial.roles``); editors see them.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.admin import DraftAgreementChoiceMixin, draft_only

from .models import (
    AuthorisedProject,
    CreditingProgramme,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
)

# Addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CreditingProgramme)
class CreditingProgrammeAdmin(admin.ModelAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["short_name", "name", "slug", "website"]
    prepopulated_fields = {"slug": ["short_name"]}
    search_fields = ["name", "short_name"]


class EligibleProgrammeInline(admin.TabularInline):
    model = EligibleProgramme
    extra = 0


class EligibleMethodologyInline(admin.TabularInline):
    model = EligibleMethodology
    extra = 0
    fields = [
        "programme",
        "identifier",
        "title",
        "sector",
        "exclusions",
        "notes",
        "is_illustrative",
    ]


@admin.register(EligibilityList)
class EligibilityListAdmin(DraftAgreementChoiceMixin, admin.ModelAdmin):
    """The eligibility lists of agreements' drafts; the published ones change through a draft."""

    formfield_overrides = URL_AS_HTTPS
    list_display = ["agreement", "version_date", "updated_at"]
    list_select_related = ["agreement__agreement"]
    search_fields = ["agreement__agreement__partner_country"]
    inlines = [EligibleProgrammeInline, EligibleMethodologyInline]

    def get_queryset(self, request):
        return draft_only(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # A list stays with its version; moving it to another agreement is never wanted.
        return ["agreement"] if obj else []


@admin.register(AuthorisedProject)
class AuthorisedProjectAdmin(DraftAgreementChoiceMixin, admin.ModelAdmin):
    """Register rows of agreements' drafts; the published register changes through a draft."""

    list_display = [
        "name",
        "agreement",
        "programme",
        "programme_project_id",
        "status",
        "authorised_on",
        "authorised_volume",
        "is_illustrative",
    ]
    list_filter = ["programme", "status", "is_illustrative"]
    list_select_related = ["agreement__agreement", "programme"]
    search_fields = [
        "name",
        "developer",
        "programme_project_id",
        "methodology",
        "agreement__agreement__partner_country",
    ]
    date_hierarchy = "authorised_on"
    fieldsets = [
        (None, {"fields": ["agreement", "name", "developer", "status", "authorised_on"]}),
        (
            _("Crediting programme"),
            {"fields": ["programme", "programme_project_id", "methodology", "authorised_volume"]},
        ),
        (_("Notes"), {"fields": ["note", "is_illustrative"]}),
    ]

    def get_queryset(self, request):
        return draft_only(super().get_queryset(request))

"""Editors keep eligibility lists and the register current here, with history through reversion."""

from django.contrib import admin
from django.db import models
from reversion.admin import VersionAdmin

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
class CreditingProgrammeAdmin(VersionAdmin):
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
class EligibilityListAdmin(VersionAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["agreement", "version_date", "updated_at"]
    list_select_related = ["agreement"]
    inlines = [EligibleProgrammeInline, EligibleMethodologyInline]


@admin.register(AuthorisedProject)
class AuthorisedProjectAdmin(VersionAdmin):
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
    list_filter = ["agreement", "programme", "status", "is_illustrative"]
    list_select_related = ["agreement", "programme"]
    search_fields = ["name", "developer", "programme_project_id", "methodology"]
    date_hierarchy = "authorised_on"
    fieldsets = [
        (None, {"fields": ["agreement", "name", "developer", "status", "authorised_on"]}),
        (
            "Crediting programme",
            {"fields": ["programme", "programme_project_id", "methodology", "authorised_volume"]},
        ),
        ("Notes", {"fields": ["note", "is_illustrative"]}),
    ]

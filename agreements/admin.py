"""Admin for agreement data, laid out for editors: one screen per agreement with inlines.

Every model is registered with django-reversion so editors can see who changed what and undo it.
"""

import reversion
from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import (
    Agreement,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
    StageRequirement,
)

# Registered explicitly, before the admins, so each revision of an agreement also records the rows
# edited in its inlines (and a stage its requirements); reverting then restores them together.
# VersionAdmin's automatic registration would miss a stage's requirements, because the stage is
# first registered as an inline of the agreement.
reversion.register(StageRequirement)
reversion.register(ApplicationStage, follow=["requirements"])
reversion.register(AgreementDocument)
reversion.register(JointCommitteeCoChair)
reversion.register(Milestone)
reversion.register(Agreement, follow=["documents", "co_chairs", "stages", "milestones"])


class AgreementDocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    fields = ["kind", "letter", "title", "order", "file", "file_size", "page_count", "is_stand_in"]
    readonly_fields = ["file_size", "page_count"]


class CoChairInline(admin.TabularInline):
    model = JointCommitteeCoChair
    extra = 0
    max_num = 2


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ApplicationStageInline(admin.StackedInline):
    model = ApplicationStage
    extra = 0
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(VersionAdmin):
    list_display = [
        "partner_country",
        "status",
        "signed_on",
        "application_status",
        "application_status_since",
        "updated_at",
    ]
    list_filter = ["status", "application_status"]
    search_fields = ["partner_country", "partner_party", "summary"]
    prepopulated_fields = {"slug": ["partner_country"]}
    date_hierarchy = "signed_on"
    inlines = [AgreementDocumentInline, CoChairInline, ApplicationStageInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["partner_country", "slug", "summary", "page"]}),
        (
            "Parties and signing",
            {
                "fields": [
                    "singapore_party",
                    "partner_party",
                    "status",
                    "negotiations_concluded_on",
                    "signed_on",
                    "signed_place",
                    "entered_into_force_on",
                    "press_release_url",
                ]
            },
        ),
        (
            "Project applications",
            {
                "fields": [
                    "application_status",
                    "application_status_since",
                    "application_status_note",
                    "contact_email",
                ]
            },
        ),
    ]


class StageRequirementInline(admin.TabularInline):
    model = StageRequirement
    extra = 0


@admin.register(ApplicationStage)
class ApplicationStageAdmin(VersionAdmin):
    list_display = ["agreement", "order", "title"]
    list_filter = ["agreement"]
    search_fields = ["title", "purpose"]
    inlines = [StageRequirementInline]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(VersionAdmin):
    list_display = ["title", "agreement", "kind", "letter", "file_size", "page_count", "updated_at"]
    list_filter = ["agreement", "kind"]
    search_fields = ["title", "agreement__partner_country"]
    readonly_fields = ["file_size", "page_count"]

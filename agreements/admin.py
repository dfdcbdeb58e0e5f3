"""Admin for agreement data, laid out for editors: one screen per agreement with inlines.

Every model is registered with django-reversion so editors can see who changed what and undo it.
"""

import reversion
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from carbonsite.uploads import CheckedImageField

from .models import (
    Agreement,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
    StageRequirement,
)
from .services import agreement_create_pages
from .validators import MAX_IMAGE_BYTES

# Editors often paste addresses without a scheme; assume the secure one.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# The process diagram: the upload checks' plain messages first, then a re-encoded clean copy.
CHECKED_DIAGRAM = {
    models.ImageField: {"form_class": CheckedImageField, "max_bytes": MAX_IMAGE_BYTES},
}

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
    fields = [
        "kind",
        "letter",
        "title",
        "order",
        "file",
        "file_size",
        "page_count",
        "is_stand_in",
        "public_link",
    ]
    readonly_fields = ["file_size", "page_count", "public_link"]

    @admin.display(description=_("public address"))
    def public_link(self, obj):
        if not obj.pk or not obj.file:
            return "–"
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)


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
    fields = [
        "order",
        "title",
        "purpose",
        "applicant_submits",
        "applicant_receives",
        "is_illustrative",
    ]


class HasPagesFilter(admin.SimpleListFilter):
    title = _("page section")
    parameter_name = "has_pages"

    def lookups(self, request, model_admin):
        return [("yes", _("Has its pages")), ("no", _("No pages yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(page__isnull=False)
        if self.value() == "no":
            return queryset.filter(page__isnull=True)
        return queryset


@admin.register(Agreement)
class AgreementAdmin(VersionAdmin):
    formfield_overrides = {**HTTPS_URLS, **CHECKED_DIAGRAM}
    list_display = [
        "partner_country",
        "status",
        "signed_on",
        "application_status",
        "application_status_since",
        "has_pages",
        "updated_at",
    ]
    list_filter = ["status", "application_status", HasPagesFilter]
    search_fields = ["partner_country", "partner_party", "summary", "slug"]
    prepopulated_fields = {"slug": ["partner_country"]}
    date_hierarchy = "signed_on"
    inlines = [AgreementDocumentInline, CoChairInline, ApplicationStageInline, MilestoneInline]
    actions = ["create_page_section"]
    readonly_fields = ["page_links"]
    fieldsets = [
        (None, {"fields": ["partner_country", "slug", "summary", "page", "page_links"]}),
        (
            _("Parties and signing"),
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
            _("Project applications"),
            {
                "fields": [
                    "application_status",
                    "application_status_since",
                    "application_status_note",
                    "contact_email",
                ]
            },
        ),
        (
            _("Process diagram (optional)"),
            {
                "fields": [
                    "process_diagram",
                    "process_diagram_alt",
                    "process_diagram_long_description",
                ],
                "description": _(
                    "The stages are always shown as a numbered list and drawn as a flow chart. "
                    "An uploaded diagram is an extra: describe it in words for people who cannot "
                    "see it."
                ),
            },
        ),
    ]

    @admin.display(boolean=True, description=_("pages"))
    def has_pages(self, obj):
        return obj.page_id is not None

    @admin.display(description=_("public pages"))
    def page_links(self, obj):
        if not obj.page_id:
            return _("None yet: use the action “Create the page section” in the list.")
        url = obj.page.get_absolute_url()
        if not url:
            return _("Created, not yet published.")
        return format_html('<a href="{}">{}</a>', url, url)

    def has_create_pages_permission(self, request):
        return request.user.has_perm("cms.add_page") and request.user.has_perm(
            "agreements.change_agreement"
        )

    @admin.action(
        description=_("Create the page section (overview and application process tabs)"),
        permissions=["create_pages"],
    )
    def create_page_section(self, request, queryset):
        created, skipped = [], []
        for agreement in queryset.order_by("partner_country"):
            if agreement.page_id:
                skipped.append(agreement.partner_country)
                continue
            agreement_create_pages(agreement=agreement, user=request.user)
            created.append(agreement.partner_country)
        if created:
            self.message_user(
                request,
                ngettext(
                    "Created draft pages for %(names)s. Fill in the prose and publish them "
                    "from the page tree.",
                    "Created draft pages for %(names)s. Fill in the prose and publish them "
                    "from the page tree.",
                    len(created),
                )
                % {"names": ", ".join(created)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Already had pages, left unchanged: %(names)s.") % {"names": ", ".join(skipped)},
                messages.WARNING,
            )


class StageRequirementInline(admin.TabularInline):
    model = StageRequirement
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = ["order", "title", "availability", "file", "external_url"]


@admin.register(ApplicationStage)
class ApplicationStageAdmin(VersionAdmin):
    list_display = ["agreement", "order", "title", "requirement_count"]
    list_filter = ["agreement"]
    list_select_related = ["agreement"]
    search_fields = ["title", "purpose", "agreement__partner_country"]
    inlines = [StageRequirementInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_requirements=Count("requirements"))

    @admin.display(description=_("forms and documents"), ordering="_requirements")
    def requirement_count(self, obj):
        return obj._requirements


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(VersionAdmin):
    list_display = ["title", "agreement", "kind", "letter", "file_size", "page_count", "updated_at"]
    list_filter = ["agreement", "kind", "is_stand_in"]
    list_select_related = ["agreement"]
    search_fields = ["title", "agreement__partner_country"]
    readonly_fields = ["file_size", "page_count"]


@admin.register(JointCommitteeCoChair)
class JointCommitteeCoChairAdmin(VersionAdmin):
    list_display = ["agreement", "party", "position_title", "organisation", "is_illustrative"]
    list_filter = ["party", "is_illustrative"]
    list_select_related = ["agreement"]
    search_fields = ["position_title", "organisation", "agreement__partner_country"]


@admin.register(Milestone)
class MilestoneAdmin(VersionAdmin):
    list_display = ["agreement", "date", "kind", "description"]
    list_filter = ["kind", "agreement"]
    list_select_related = ["agreement"]
    search_fields = ["description", "agreement__partner_country"]
    date_hierarchy = "date"
